// Results (BenchmarkDotNet v0.15.8, --job short, Release, 1 thread; Linux Debian 12, AMD EPYC (Zen 3) 2 cores, .NET SDK
// 10.0.401, .NET 10.0.12 RyuJIT x86-64-v4). The machine was SHARED: load average 9.4 → 11.6 on 2 cores during the
// run (other engineers building), so absolute figures are pessimistic and noisy (see the Error column).
//
// | Method               | Shape      | Mean         | Error        | Allocated | GFLOP/s |
// |--------------------- |----------- |-------------:|-------------:|----------:|--------:|
// | 'packed + bias'      | 256x72x256 | 150,047.9 ns | 125,643.9 ns |         - |    62.9 |
// | 'A·B (unpacked)'     | 256x72x256 | 147,233.6 ns | 120,172.5 ns |         - |    64.1 |
// | 'A·Bᵀ += (unpacked)' | 256x72x256 | 214,494.2 ns | 341,452.4 ns |         - |    44.0 |
// | 'Aᵀ·B += (unpacked)' | 256x72x256 | 261,669.3 ns | 174,397.1 ns |         - |    36.1 |
// | 'packed + bias'      | 1x72x256   |   1,424.1 ns |     731.6 ns |         - |    25.9 |
// | 'A·B (unpacked)'     | 1x72x256   |   1,283.9 ns |     622.6 ns |         - |    28.7 |
// | 'A·Bᵀ += (unpacked)' | 1x72x256   |  17,829.6 ns |  19,785.1 ns |         - |     2.1 | (before the dot-product path for M ≤ 2)
// | 'Aᵀ·B += (unpacked)' | 1x72x256   |   2,173.7 ns |   4,426.1 ns |         - |    17.0 |
// | 'packed + bias'      | 257x65x33  |  54,816.0 ns | 132,929.5 ns |         - |    20.1 |
// | 'A·B (unpacked)'     | 257x65x33  |  54,080.5 ns |  17,274.4 ns |         - |    20.4 |
// | 'A·Bᵀ += (unpacked)' | 257x65x33  |  56,101.2 ns |   8,699.5 ns |         - |    19.7 |
// | 'Aᵀ·B += (unpacked)' | 257x65x33  |  70,100.4 ns | 377,194.9 ns |         - |    15.7 |
// One core's FMA peak is ~98 GFLOP/s: the packed kernel reached 64% of it at [256×72]·[72×256] under that load.
//
// Re-run 09:56 UTC (after the A·Bᵀ dot-product path for M ≤ 2 and SkipLocalsInit), load average 13.4–15.9:
// packed + bias 256x72x256 162.8 µs (58.0 GFLOP/s), 1x72x256 3.06 µs (12.1), 257x65x33 55.7 µs (19.8);
// A·Bᵀ += 1x72x256 10.5 µs (was 17.8); Aᵀ·B += 256x72x256 186 µs (50.7). Heavier load, so lower; 0 B allocated.

using BenchmarkDotNet.Attributes;
using SensorWatch.Core.Numerics;

namespace SensorWatch.Benchmarks.Numerics;

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
