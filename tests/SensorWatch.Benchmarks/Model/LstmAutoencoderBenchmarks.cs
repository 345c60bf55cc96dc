// Latest results (Release, BenchmarkDotNet --job short, 1 thread), 2026-11-24 09:31 UTC, machine SHARED and loaded:
// `uptime` load average 11.5 before / 10.4 after on 2 cores, so wall-clock figures are below idle ones.
// BenchmarkDotNet v0.15.8, Linux Debian GNU/Linux 12 (bookworm); AMD EPYC 2.60GHz, 2 cores; .NET SDK 10.0.401, .NET 10.0.12
// | Method      | Shape     | Batch | Mean         | Error        | StdDev       | Allocated |
// |------------ |---------- |------ |-------------:|-------------:|-------------:|----------:|
// | Reconstruct | awkward   | 1     |     84.97 us |    102.27 us |     5.606 us |         - |
// | Reconstruct | awkward   | 16    |    909.09 us |    436.71 us |    23.938 us |         - |
// | Reconstruct | awkward   | 256   | 15,334.27 us | 16,055.59 us |   880.061 us |       5 B |
// | Reconstruct | ref-small | 1     |    378.02 us |  1,193.24 us |    65.406 us |         - |
// | Reconstruct | ref-small | 16    |  2,841.81 us | 23,463.23 us | 1,286.099 us |         - |
// | Reconstruct | ref-small | 256   | 34,617.21 us | 61,330.00 us | 3,361.705 us |       5 B |
// ref-small windows/s (wall clock, load ≈ 11): batch 1 2,645; batch 16 5,630; batch 256 7,395.
// The 5 B/op at batch 256 is a few bytes over the whole run divided by few ops (not per window): the caller thread
// allocates 0 bytes per Reconstruct (LstmAutoencoderTests.Reconstruct_AfterWarmUp_AllocatesNothing).
// Per CPU-second of the scoring thread (Process.TotalProcessorTime, median of 5, same build):
// batch 1 4,560 (5,086 after the deferred output layer for ≤ 4 windows, 09:43); batch 16 9,600; batch 256 10,620 windows/s (ONNX Runtime 1-thread anchor 6,200–6,856 at batch 256).
using BenchmarkDotNet.Attributes;
using SensorWatch.Core.Model;

namespace SensorWatch.Benchmarks.Model;

/// <summary>
/// Scoring (Reconstruct) of ref-small (D=8, T=64, H=64, L=1, Z=64) at batch 1, 16 and 256, one thread, and the
/// awkward shape D=5, T=33, H=17, L=2, Z=3 (ModelShapes). windows/s = batch / mean.
/// </summary>
[MemoryDiagnoser]
public class LstmAutoencoderBenchmarks
{
    private LstmAutoencoder _model = null!;
    private InferenceWorkspace _workspace = null!;
    private float[] _x = [];
    private float[] _y = [];

    [Params("ref-small", "awkward")]
    public string Shape { get; set; } = "ref-small";

    [Params(1, 16, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        AutoencoderArchitecture architecture = ModelShapes.Get(Shape);
        _model = LstmAutoencoder.Create(architecture, seed: 1);
        _workspace = _model.CreateWorkspace(Batch);
        _x = ModelShapes.Inputs(Batch * architecture.WindowLength * architecture.Features, seed: 2);
        _y = new float[_x.Length];
    }

    [Benchmark]
    public void Reconstruct() => _model.Reconstruct(_x, Batch, _y, default, _workspace);
}
