using BenchmarkDotNet.Attributes;
using SensorWatch.Core.Model;
using SensorWatch.Core.Training;

namespace SensorWatch.Benchmarks.Model;

/// <summary>One Adam step (forward, backward, clip, update) on a mini-batch of 64 ref-small windows, one thread.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private TrainingRun _run = null!;
    private int[] _indices = [];

    [Params("ref-small")]
    public string Shape { get; set; } = "ref-small";

    [Params(64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        AutoencoderArchitecture architecture = ModelShapes.Get(Shape);
        var model = LstmAutoencoder.Create(architecture, seed: 1);
        float[] windows = ModelShapes.Inputs(Batch * architecture.WindowLength * architecture.Features, seed: 2);
        var options = new TrainingOptions { BatchSize = Batch, ValidationFraction = 0, Threads = 1, LearningRate = 1e-4f };
        _run = new TrainingRun(model, windows, Batch, options);
        _indices = Enumerable.Range(0, Batch).ToArray();
    }

    [Benchmark]
    public string? TrainStep() => _run.Step(_indices, 1, 1);
}
