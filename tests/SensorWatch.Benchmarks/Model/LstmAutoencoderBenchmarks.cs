// Latest results (Release, BenchmarkDotNet --job short, 1 thread), 2026-11-24 09:14 UTC, machine SHARED and loaded:
// `uptime` load average 20.1 before / 21.7 after on 2 cores, so wall-clock figures are several times below idle ones.
// BenchmarkDotNet v0.15.8, Linux Debian GNU/Linux 12 (bookworm); AMD EPYC 2.60GHz, 2 cores; .NET SDK 10.0.401, .NET 10.0.12
// | Method      | Shape     | Batch | Mean        | Error        | StdDev       | Allocated |
// |------------ |---------- |------ |------------:|-------------:|-------------:|----------:|
// | Reconstruct | awkward   | 1     |    123.9 us |     273.6 us |     15.00 us |         - |
// | Reconstruct | awkward   | 16    |  1,171.3 us |   1,632.5 us |     89.48 us |         - |
// | Reconstruct | awkward   | 256   | 24,908.5 us |   4,317.9 us |    236.68 us |         - |
// | Reconstruct | ref-small | 1     |    756.2 us |     517.7 us |     28.37 us |         - |
// | Reconstruct | ref-small | 16    |  5,368.1 us |  10,016.4 us |    549.03 us |         - |
// | Reconstruct | ref-small | 256   | 80,183.2 us | 221,308.7 us | 12,130.68 us |         - |
// ref-small windows/s (wall clock, loaded): batch 1 1,322; batch 16 2,981; batch 256 3,193.
// Per CPU-second of the scoring thread (Process.TotalProcessorTime, median of 5, same build, load ≈ 20):
// batch 1 4,613; batch 16 9,449; batch 256 10,557 windows/s (ONNX Runtime 1-thread anchor 6,200 at batch 256).
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
