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

    [Params("ref-small")]
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
