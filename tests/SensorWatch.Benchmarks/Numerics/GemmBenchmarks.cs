using BenchmarkDotNet.Attributes;
using SensorWatch.Core.Numerics;

namespace SensorWatch.Benchmarks.Numerics;

// RESULTS: pasted below after a run.

/// <summary>
/// GEMM throughput. GFLOP/s = 2·M·K·N / mean time. Realistic: [256×72]·[72×256] (a batch-256 gate GEMM with
/// D+H = 72 inputs and 4H = 256 gates) and the batch-1 row [1×72]·[72×256]; awkward: [257×65]·[65×33].
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _bT = [];
    private float[] _aT = [];
    private float[] _bias = [];
    private float[] _c = [];
    private PackedMatrix _packed = null!;

    [Params("256x72x256", "1x72x256", "257x65x33")]
    public string Shape { get; set; } = "256x72x256";

    private int M { get; set; }

    private int K { get; set; }

    private int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int[] dims = Array.ConvertAll(Shape.Split('x'), d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture));
        (M, K, N) = (dims[0], dims[1], dims[2]);
        var random = new Random(42);
        float[] Fill(int length) => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        _a = Fill(M * K);
        _aT = Fill(K * M);
        _b = Fill(K * N);
        _bT = Fill(N * K);
        _bias = Fill(N);
        _c = new float[M * N];
        _packed = PackedMatrix.Pack(_b, K, N);
    }

    [Benchmark(Baseline = true, Description = "packed + bias")]
    public void PackedWithBias() => Gemm.Multiply(_a, _packed, _c, M, bias: _bias);

    [Benchmark(Description = "A·B (unpacked)")]
    public void Multiply() => Gemm.Multiply(_a, _b, _c, M, K, N);

    [Benchmark(Description = "A·Bᵀ += (unpacked)")]
    public void MultiplyTransposeB() => Gemm.MultiplyTransposeB(_a, _bT, _c, M, K, N, accumulate: true);

    [Benchmark(Description = "Aᵀ·B += (unpacked)")]
    public void MultiplyTransposeA() => Gemm.MultiplyTransposeA(_aT, _b, _c, M, K, N, accumulate: true);
}
