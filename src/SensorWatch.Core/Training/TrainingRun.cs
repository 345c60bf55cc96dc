using System.Diagnostics;
using System.Numerics.Tensors;
using SensorWatch.Core.Model;

namespace SensorWatch.Core.Training;

/// <summary>
/// One training run. Determinism: all random draws happen on the calling thread from one generator seeded with
/// <see cref="TrainingOptions.Seed"/>; each mini-batch is cut into fixed shards of <see cref="TrainingOptions.ShardSize"/>
/// windows whose gradients (scaled by 1/batch) are summed in shard order, so any thread count gives the same bits.
/// Legend: N windows, B mini-batch, T steps, D features, Z latent.
/// </summary>
internal sealed class TrainingRun
{
    private readonly LstmAutoencoder _model;
    private readonly TrainingOptions _options;
    private readonly AutoencoderVariant _variant;
    private readonly LossWeights _weights;
    private readonly int _window;              // T·D
    private readonly int _latent;             // Z
    private readonly AutoencoderGraph[] _graphs;
    private readonly RecurrentWeights _recurrent; // packed Wh, Whᵀ shared by the shards
    private readonly double[] _shardLoss;
    private readonly float[][] _gradients;    // reduced dL/dθ, aligned with the parameters
    private readonly float[][] _best;         // best-monitored-loss weights
    private readonly float[] _input;          // (shards·S, T, D) network input (corrupted for Denoising)
    private readonly float[] _target;         // (shards·S, T, D) clean windows
    private readonly float[] _eps;            // (shards·S, Z) VAE noise
    private readonly int[] _trainIndices;
    private readonly int[] _validationIndices;
    private readonly SeededRandom _random;
    private readonly AdamOptimizer _adam;
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _runShard;   // cached delegate of RunShard
    private double _lastLoss;                 // objective of the last mini-batch
    private int _runCount;                    // windows in the current RunShards call
    private bool _runTraining;                // whether the current RunShards call back-propagates

    public TrainingRun(LstmAutoencoder model, int count, TrainingOptions options)
    {
        _model = model;
        _options = options;
        AutoencoderArchitecture a = model.Architecture;
        _variant = a.Variant;
        _weights = new LossWeights(options.L1, options.KlWeight);
        _window = a.WindowLength * a.Features;
        _latent = a.Latent;
        _random = new SeededRandom(options.Seed, stream: 0x7EA1);
        (_trainIndices, _validationIndices) = Split(count, options.ValidationFraction, _random);
        int batch = Math.Min(options.BatchSize, _trainIndices.Length);
        int shards = (batch + options.ShardSize - 1) / options.ShardSize;
        int shardSize = Math.Min(options.ShardSize, batch);
        _recurrent = new RecurrentWeights(model);
        _graphs = new AutoencoderGraph[shards];
        for (int s = 0; s < shards; s++)
        {
            _graphs[s] = new AutoencoderGraph(model, shardSize, _recurrent);
        }

        _shardLoss = new double[shards];
        float[][] parameters = model.ParameterArrays;
        _gradients = Array.ConvertAll(parameters, p => new float[p.Length]);
        _best = Array.ConvertAll(parameters, p => (float[])p.Clone());
        _input = new float[shards * shardSize * _window];
        _target = new float[shards * shardSize * _window];
        _eps = new float[shards * shardSize * _latent];
        _adam = new AdamOptimizer(parameters, options.Beta1, options.Beta2, options.AdamEpsilon);
        int threads = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;
        _runShard = RunShard;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
    }

    /// <summary>Runs every epoch on data (N, T, D), read only on the calling thread (gathered into the batch buffers).</summary>
    public TrainingResult Execute(ReadOnlySpan<float> data, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        var trainLosses = new List<double>();
        var validationLosses = new List<double>();
        var clock = Stopwatch.StartNew();
        double best = double.PositiveInfinity;
        int bestEpoch = 0, waited = 0;
        string? failure = null;
        int[] order = (int[])_trainIndices.Clone();
        int batchSize = _options.BatchSize;
        try
        {
            for (int epoch = 1; epoch <= _options.Epochs && failure is null; epoch++)
            {
                _random.Shuffle(order);
                double epochLoss = 0;
                for (int start = 0, k = 1; start < order.Length; start += batchSize, k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = Math.Min(batchSize, order.Length - start);
                    failure = Step(data, order.AsSpan(start, n), epoch, k);
                    if (failure is not null)
                    {
                        break;
                    }

                    epochLoss += _lastLoss * n;
                }

                if (failure is not null)
                {
                    break;
                }

                double trainLoss = epochLoss / order.Length;
                double validationLoss = _validationIndices.Length > 0 ? Evaluate(data, _validationIndices) : double.NaN;
                double monitored = _validationIndices.Length > 0 ? validationLoss : trainLoss;
                trainLosses.Add(trainLoss);
                validationLosses.Add(validationLoss);
                progress?.Report(new EpochReport(epoch, _options.Epochs, trainLoss, validationLoss, clock.Elapsed));
                if (!double.IsFinite(monitored))
                {
                    failure = $"The {(_validationIndices.Length > 0 ? "validation" : "training")} loss became {monitored} in epoch {epoch}.";
                    break;
                }

                if (monitored < best)
                {
                    best = monitored;
                    bestEpoch = epoch;
                    waited = 0;
                    Copy(_model.ParameterArrays, _best);
                }
                else if (_options.Patience > 0 && ++waited >= _options.Patience)
                {
                    break;
                }
            }
        }
        finally
        {
            // the best weights seen (the initial ones if no epoch finished), repacked for inference
            Copy(_best, _model.ParameterArrays);
            _model.OnParametersChanged();
            _recurrent.Refresh();
        }

        return new TrainingResult(failure is null, failure, trainLosses, validationLosses, trainLosses.Count, bestEpoch,
            _trainIndices, _validationIndices);
    }

    /// <summary>One Adam step on the windows <paramref name="indices"/>; returns a failure reason on divergence.</summary>
    internal string? Step(ReadOnlySpan<float> data, ReadOnlySpan<int> indices, int epoch, int batchNumber)
    {
        int n = indices.Length;
        Gather(data, indices);
        if (_variant == AutoencoderVariant.Denoising)
        {
            Corrupt(n);
        }
        else
        {
            _target.AsSpan(0, n * _window).CopyTo(_input);
        }

        if (_variant == AutoencoderVariant.Variational)
        {
            for (int i = 0; i < n * _latent; i++)
            {
                _eps[i] = (float)_random.NextGaussian();
            }
        }

        int shards = RunShards(n, training: true);
        double loss = 0;
        for (int s = 0; s < shards; s++)
        {
            loss += _shardLoss[s];
        }

        _lastLoss = loss;
        if (!double.IsFinite(loss))
        {
            return $"The training loss became {loss} in epoch {epoch}, mini-batch {batchNumber}.";
        }

        // reduce the shard gradients in shard order (fixed, whatever the thread count)
        double squares = 0;
        for (int i = 0; i < _gradients.Length; i++)
        {
            Span<float> total = _gradients[i];
            _graphs[0].Gradients[i].CopyTo(total);
            for (int s = 1; s < shards; s++)
            {
                TensorPrimitives.Add(total, _graphs[s].Gradients[i], total);
            }

            foreach (float g in total)
            {
                squares += (double)g * g;
            }
        }

        double norm = Math.Sqrt(squares);
        if (!double.IsFinite(norm))
        {
            return $"The gradient norm became {norm} in epoch {epoch}, mini-batch {batchNumber}.";
        }

        if (_options.ClipNorm > 0 && norm > _options.ClipNorm)
        {
            float scale = (float)(_options.ClipNorm / norm);
            foreach (float[] g in _gradients)
            {
                TensorPrimitives.Multiply(g, scale, g);
            }
        }

        bool finite = _adam.Step(_model.ParameterArrays, _gradients, _options.LearningRate);
        _recurrent.Refresh();
        return finite
            ? null
            : $"The weights became NaN or infinite after the Adam step in epoch {epoch}, mini-batch {batchNumber}.";
    }

    /// <summary>The objective on clean windows with ε = 0 (VAE: z = μ), averaged over <paramref name="indices"/>.</summary>
    private double Evaluate(ReadOnlySpan<float> data, int[] indices)
    {
        int round = _graphs.Length * _graphs[0].MaxBatch;
        double total = 0;
        for (int start = 0; start < indices.Length; start += round)
        {
            int n = Math.Min(round, indices.Length - start);
            Gather(data, indices.AsSpan(start, n));
            _target.AsSpan(0, n * _window).CopyTo(_input);
            int shards = RunShards(n, training: false);
            for (int s = 0; s < shards; s++)
            {
                total += _shardLoss[s] * n;
            }
        }

        return total / indices.Length;
    }

    /// <summary>Runs forward + loss (+ backward when training) on n windows of the batch buffers; returns the shard count.</summary>
    private int RunShards(int n, bool training)
    {
        int size = _graphs[0].MaxBatch;
        int shards = (n + size - 1) / size;
        (_runCount, _runTraining) = (n, training);
        if (shards == 1 || _parallel.MaxDegreeOfParallelism == 1)
        {
            for (int s = 0; s < shards; s++)
            {
                RunShard(s);
            }
        }
        else
        {
            Parallel.For(0, shards, _parallel, _runShard);
        }

        return shards;
    }

    /// <summary>Shard s of the current RunShards call: windows [s·S, min(n, (s+1)·S)) with loss scale 1/n.</summary>
    private void RunShard(int s)
    {
        AutoencoderGraph graph = _graphs[s];
        int size = graph.MaxBatch, n = _runCount;
        int lo = s * size, m = Math.Min(size, n - lo);
        ReadOnlySpan<float> eps = _runTraining && _variant == AutoencoderVariant.Variational ? _eps.AsSpan(lo * _latent, m * _latent) : default;
        graph.Forward(_input.AsSpan(lo * _window, m * _window), m, eps);
        _shardLoss[s] = graph.Loss(_target.AsSpan(lo * _window, m * _window), _weights, 1f / n);
        if (_runTraining)
        {
            graph.ZeroGradients();
            graph.Backward();
        }
    }

    private void Gather(ReadOnlySpan<float> data, ReadOnlySpan<int> indices)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            data.Slice(indices[i] * _window, _window).CopyTo(_target.AsSpan(i * _window, _window));
        }
    }

    /// <summary>Denoising: input = mask ⊙ (x + NoiseStd·N(0, 1)), each cell masked (zeroed) with MaskProbability.</summary>
    private void Corrupt(int n)
    {
        float noise = _options.NoiseStd, mask = _options.MaskProbability;
        for (int i = 0; i < n * _window; i++)
        {
            float value = _target[i] + (noise * (float)_random.NextGaussian());
            _input[i] = _random.NextDouble() < mask ? 0f : value;
        }
    }

    private static (int[] Train, int[] Validation) Split(int count, double fraction, SeededRandom random)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        int validation = Math.Min((int)Math.Floor(count * fraction), count - 1);
        int[] validationIndices = order[..validation];
        int[] trainIndices = order[validation..];
        Array.Sort(validationIndices);
        Array.Sort(trainIndices);
        return (trainIndices, validationIndices);
    }

    private static void Copy(float[][] source, float[][] target)
    {
        for (int i = 0; i < source.Length; i++)
        {
            source[i].CopyTo(target[i], 0);
        }
    }
}
