using System.Text.Json;
using System.Text.Json.Serialization;
using SensorWatch.Core.Model;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Snapshots;

/// <summary>
/// Writes and reads an <see cref="AnomalyDetector"/> as a versioned, checksummed binary model file
/// (layout in <see cref="SnapshotContainer"/> and docs/model-format.md). Reading a bad file throws
/// <see cref="ModelSnapshotException"/> whose <see cref="ModelSnapshotException.Kind"/> says why.
/// </summary>
public static class ModelSnapshot
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    /// <summary>The model file as bytes (for the models topic and the model store).</summary>
    public static byte[] ToBytes(AnomalyDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        IReadOnlyList<NamedTensor> parameters = detector.Model.Parameters;
        AutoencoderArchitecture a = detector.Architecture;
        SnapshotHeader header = new()
        {
            Architecture = new() { Features = a.Features, WindowLength = a.WindowLength, Hidden = a.Hidden, Layers = a.Layers, Latent = a.Latent, Variant = a.Variant },
            FeatureNames = [.. detector.FeatureNames],
            Normalisation = new() { Means = [.. detector.Standardizer.Means], Scales = [.. detector.Standardizer.Scales], Clip = detector.Standardizer.Clip },
            Scoring = new()
            {
                Mode = detector.Statistics.Mode,
                TailSteps = detector.Statistics.TailSteps,
                ErrorMean = [.. detector.Statistics.ErrorMean],
                ErrorVariance = [.. detector.Statistics.ErrorVariance],
                Precision = [.. detector.Statistics.Precision],
                Shrinkage = detector.Statistics.Shrinkage,
                Residual = detector.Statistics.Residual is not { } residual ? null : new()
                {
                    Lags = residual.Lags,
                    Coefficients = [.. residual.Coefficients],
                    InnovationMean = [.. residual.InnovationMean],
                    InnovationVariance = [.. residual.InnovationVariance],
                    ErrorScale = detector.Statistics.ErrorScale,
                    ResidualScale = detector.Statistics.ResidualScale,
                },
            },
            Threshold = detector.Calibration,
            Imputation = new() { MaxMissingFraction = detector.MaxMissingFraction, Iterations = detector.ImputationIterations },
            Training = detector.Metadata,
            FlatlineLimits = detector.Flatline is null ? null : [.. detector.Flatline.Limits],
            Tensors = [.. parameters.Select(p => new SnapshotHeader.TensorEntry { Name = p.Name, Shape = p.Shape })],
        };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, s_json);
        float[] weights = new float[parameters.Sum(p => p.Data.Length)];
        int offset = 0;
        foreach (NamedTensor p in parameters)
        {
            p.Data.CopyTo(weights, offset);
            offset += p.Data.Length;
        }

        // Version 1 readers would ignore an unknown 'residual' section and score differently: such files say version 2.
        return SnapshotContainer.Build(json, weights, detector.Statistics.Residual is null ? SnapshotContainer.MinimumVersion : SnapshotContainer.CurrentVersion);
    }

    /// <summary>Writes the model file atomically (temp file, flush to disk, rename).</summary>
    public static void Write(AnomalyDetector detector, string path) => SnapshotContainer.WriteAtomic(path, ToBytes(detector));

    /// <summary>Reads a model file.</summary>
    public static AnomalyDetector Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file {path} not found. Train one with 'sensorwatch train --out {path}'.", path);
        }

        return FromBytes(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a model from bytes; <paramref name="source"/> names it in errors.</summary>
    public static AnomalyDetector FromBytes(ReadOnlySpan<byte> bytes, string source = "model")
    {
        (byte[] json, float[] weights, uint version) = SnapshotContainer.OpenVersioned(bytes, source);
        SnapshotHeader header;
        try
        {
            header = JsonSerializer.Deserialize<SnapshotHeader>(json, s_json) ?? throw new JsonException("null header");
        }
        catch (JsonException exception)
        {
            throw Invalid(source, $"an unreadable JSON header ({exception.Message})", exception);
        }

        SnapshotHeader.ArchitectureSection a = header.Architecture ?? throw Invalid(source, "no 'architecture'");
        List<string> features = header.FeatureNames ?? throw Invalid(source, "no 'featureNames'");
        SnapshotHeader.NormalisationSection norm = header.Normalisation ?? throw Invalid(source, "no 'normalisation'");
        SnapshotHeader.ScoringSection scoring = header.Scoring ?? throw Invalid(source, "no 'scoring'");
        List<SnapshotHeader.TensorEntry> tensors = header.Tensors ?? throw Invalid(source, "no 'tensors'");
        if (header.Threshold is null || header.Imputation is null || header.Training is null)
        {
            throw Invalid(source, "no 'threshold', 'imputation' or 'training' section");
        }

        if (scoring.Residual is not null && version < 2)
        {
            throw Invalid(source, $"a 'scoring.residual' section in a format version {version} file (it needs version 2)");
        }

        AutoencoderArchitecture architecture = new(a.Features, a.WindowLength, a.Hidden, a.Layers, a.Latent, a.Variant);
        List<NamedTensor> parameters = SplitWeights(tensors, weights, source);
        LstmAutoencoder model;
        try
        {
            architecture.ThrowIfInvalid();
            model = LstmAutoencoder.FromParameters(architecture, parameters);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.ShapeMismatch,
                $"{source}: the weights do not fit the architecture: {exception.Message} Retrain the model with this build.", exception);
        }

        try
        {
            FeatureStandardizer standardizer = new(norm.Means ?? [], norm.Scales ?? [], norm.Clip);
            SnapshotHeader.ResidualSection? r = scoring.Residual;
            if (r is not null && (r.Lags < 1 || r.Lags >= a.WindowLength))
            {
                throw new ArgumentException($"residual lags {r.Lags} must be in [1, T {a.WindowLength}).");
            }

            ResidualPredictor? residual = r is null ? null : new(r.Lags, a.Features, a.WindowLength, r.Coefficients ?? [], r.InnovationMean ?? [], r.InnovationVariance ?? []);
            ScoreStatistics statistics = new(scoring.Mode, a.Features, scoring.TailSteps, scoring.ErrorMean ?? [], scoring.ErrorVariance ?? [], scoring.Precision ?? [], scoring.Shrinkage,
                residual, r?.ErrorScale ?? 1, r?.ResidualScale ?? 1);
            FlatlineRule? flatline = header.FlatlineLimits is null ? null : new FlatlineRule(header.FlatlineLimits);
            return new AnomalyDetector(model, standardizer, statistics, header.Threshold, features, header.Training, header.Imputation.MaxMissingFraction, header.Imputation.Iterations, flatline);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.ShapeMismatch,
                $"{source}: the header sections disagree with the architecture (D {a.Features}): {exception.Message} Retrain the model with this build.", exception);
        }
    }

    private static List<NamedTensor> SplitWeights(List<SnapshotHeader.TensorEntry> tensors, float[] weights, string source)
    {
        long needed = 0;
        foreach (SnapshotHeader.TensorEntry entry in tensors)
        {
            if (entry.Name is null || entry.Shape is null || entry.Shape.Any(s => s < 0))
            {
                throw Invalid(source, "a tensor entry without a name or with a bad shape");
            }

            needed += entry.Shape.Aggregate(1L, (product, s) => product * s);
        }

        if (needed != weights.Length)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.ShapeMismatch,
                $"{source}: the header's {tensors.Count} tensors need {needed} float32 weights, found {weights.Length}. The file was written inconsistently: retrain the model.");
        }

        List<NamedTensor> parameters = new(tensors.Count);
        int offset = 0;
        foreach (SnapshotHeader.TensorEntry entry in tensors)
        {
            int[] shape = entry.Shape!;
            int size = (int)shape.Aggregate(1L, (product, s) => product * s);
            parameters.Add(new NamedTensor(entry.Name!, shape, weights[offset..(offset + size)]));
            offset += size;
        }

        return parameters;
    }

    private static ModelSnapshotException Invalid(string source, string found, Exception? inner = null) =>
        new(SnapshotErrorKind.InvalidHeader,
            $"{source}: expected a complete model header (architecture, featureNames, normalisation, scoring, threshold, imputation, training, tensors), found {found}. Retrain the model with this build.",
            inner);
}
