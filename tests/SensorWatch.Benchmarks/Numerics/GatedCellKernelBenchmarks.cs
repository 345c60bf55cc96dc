// Results (BenchmarkDotNet v0.15.8, --job short, Release, 1 thread; Linux Debian 12, AMD EPYC (Zen 3) 2 cores, .NET SDK
// 10.0.401, .NET 10.0.12 RyuJIT x86-64-v4). The machine was SHARED: load average 9.4 → 11.6 on 2 cores during the
// run (other engineers building), so absolute figures are pessimistic and noisy (see the Error column).
//
// | Method   | Shape  | Mean        | Error        | Allocated | ns/unit |
// |--------- |------- |------------:|-------------:|----------:|--------:|
// | forward  | 256x64 | 95,437.1 ns | 229,013.6 ns |         - |    5.8  |
// | backward | 256x64 | 11,504.5 ns |   6,809.6 ns |         - |    0.70 |
// | forward  | 7x37   |  2,410.8 ns |   5,247.6 ns |         - |    9.3  |
// | backward | 7x37   |    257.4 ns |     246.7 ns |         - |    0.99 |

using BenchmarkDotNet.Attributes;
using SensorWatch.Core.Numerics;

namespace SensorWatch.Benchmarks.Numerics;

/// <summary>
/// The fused gate step (5 activations + cell update per unit) forward and backward. Realistic: B = 256, H = 64;
/// awkward: B = 7, H = 37 (scalar tail of 5 units per row). ns per unit = mean / (B·H).
/// </summary>
[MemoryDiagnoser]
public class GatedCellKernelBenchmarks
{
    private float[] _z = [];
    private float[] _gates = [];
    private float[] _cPrev = [];
    private float[] _c = [];
    private float[] _tanhC = [];
    private float[] _h = [];
    private float[] _dGates = [];
    private float[] _dcPrev = [];

    [Params("256x64", "7x37")]
    public string Shape { get; set; } = "256x64";

    private int B { get; set; }

    private int H { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] dims = Shape.Split('x');
        (B, H) = (int.Parse(dims[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(dims[1], System.Globalization.CultureInfo.InvariantCulture));
        var random = new Random(42);
        float[] Fill(int length, float scale) => Enumerable.Range(0, length).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale)).ToArray();
        _z = Fill(B * 4 * H, 4f);
        _gates = new float[B * 4 * H];
        _cPrev = Fill(B * H, 2f);
        _c = new float[B * H];
        _tanhC = new float[B * H];
        _h = Fill(B * H, 1f);
        _dGates = new float[B * 4 * H];
        _dcPrev = new float[B * H];
    }

    [Benchmark(Description = "forward")]
    public void Forward()
    {
        _z.CopyTo(_gates, 0);
        GatedCellKernel.Forward(_gates, _cPrev, _c, _tanhC, _h, B, H);
    }

    [Benchmark(Description = "backward")]
    public void Backward() => GatedCellKernel.Backward(_gates, _cPrev, _tanhC, _h, _cPrev, _dGates, _dcPrev, B, H);
}
