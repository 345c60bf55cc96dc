// Latest results (Release, BenchmarkDotNet --job short, 1 thread), 2026-11-24 09:32 UTC, machine SHARED and loaded
// (`uptime` load average 10.4 on 2 cores). BenchmarkDotNet v0.15.8, Debian 12, AMD EPYC 2.60GHz, .NET 10.0.12
// | Method    | Shape     | Batch | Mean     | Error    | StdDev   | Allocated |
// |---------- |---------- |------ |---------:|---------:|---------:|----------:|
// | TrainStep | ref-small | 64    | 42.60 ms | 88.13 ms | 4.831 ms |         - |
// = 1,502 windows/s wall clock under load. Per CPU-second of the training thread (median of 3): 2,399–2,765 windows/s
// with ShardSize 32 (1,956 with 16, 2,338 with 64); TorchSharp 1-thread anchor: 1,080 windows/s.
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
    private float[] _windows = [];

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
        _windows = windows;
        _run = new TrainingRun(model, Batch, options);
        _indices = Enumerable.Range(0, Batch).ToArray();
    }

    [Benchmark]
    public string? TrainStep() => _run.Step(_windows, _indices, 1, 1);
}
