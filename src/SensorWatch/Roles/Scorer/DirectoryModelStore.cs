using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Telemetry;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Model snapshots in a directory, one file per model key: <c>&lt;key&gt;.swm</c> (ModelSnapshot format). A corrupt or
/// incompatible file is reported and skipped; the key then starts a cold start. Writes are atomic (temp + rename).
/// A failed save (disk full, permission denied) is counted in <c>sensorwatch_model_save_failures_total</c> and rethrown.
/// </summary>
internal sealed class DirectoryModelStore(string directory, SensorWatchTelemetry? telemetry = null) : IModelStore
{
    private const int EnospcErrno = 28;
    private const int ErrorDiskFull = 0x70;
    public const string Extension = ".swm";

    public IReadOnlyList<IScoringModel> LoadAll(ICollection<string> problems)
    {
        List<IScoringModel> models = [];
        if (!Directory.Exists(directory))
        {
            return models;
        }

        foreach (string path in Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            string key = Path.GetFileNameWithoutExtension(path);
            try
            {
                models.Add(new DetectorScoringModel(key, ModelSnapshot.Read(path)));
            }
            catch (Exception exception) when (exception is ModelSnapshotException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                problems.Add($"{path} refused ({exception.Message}); key '{key}' will cold-start");
            }
        }

        return models;
    }

    public void Save(IScoringModel model)
    {
        if (model is not DetectorScoringModel detector)
        {
            return; // only detector models have a snapshot format
        }

        try
        {
            Directory.CreateDirectory(directory);
            ModelSnapshot.Write(detector.Detector, Path.Combine(directory, model.ModelKey + Extension));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            telemetry?.RecordModelSaveFailure(model.ModelKey, ErrorType(exception));
            throw;
        }
    }

    /// <summary>The failure's <c>error_type</c>: disk_full, permission_denied or io_error.</summary>
    internal static string ErrorType(Exception exception) => exception switch
    {
        UnauthorizedAccessException => "permission_denied",
        IOException io when (io.HResult & 0xFFFF) is EnospcErrno or ErrorDiskFull
            || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "disk_full",
        IOException => "io_error",
        { InnerException: { } inner } => ErrorType(inner),
        _ => "io_error",
    };
}
