namespace SensorWatch.Core.Numerics;

/// <summary>
/// A right-hand matrix B (K, N) laid out for the GEMM kernel. Pack once after the weights change
/// (<see cref="Repack"/>), multiply many times with <see cref="Gemm.Multiply(ReadOnlySpan{float}, PackedMatrix, Span{float}, int, bool, ReadOnlySpan{float})"/>.
/// </summary>
/// <remarks>CONTRACT (first cut): keeps a row-major copy; the kernel work replaces the layout with panels.</remarks>
public sealed class PackedMatrix
{
    private readonly float[] _source;

    public PackedMatrix(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        K = k;
        N = n;
        _source = new float[k * n];
    }

    /// <summary>Rows of B (the inner dimension).</summary>
    public int K { get; }

    /// <summary>Columns of B (the output width).</summary>
    public int N { get; }

    /// <summary>The row-major (K, N) values last packed.</summary>
    internal ReadOnlySpan<float> Source => _source;

    /// <summary>Packs a row-major (K, N) matrix.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n)
    {
        var packed = new PackedMatrix(k, n);
        packed.Repack(b);
        return packed;
    }

    /// <summary>Re-packs new values of the same shape, e.g. after an optimiser step or a model swap.</summary>
    public void Repack(ReadOnlySpan<float> b)
    {
        if (b.Length != K * N)
        {
            throw new ArgumentException($"B has {b.Length} elements, expected K*N = {K}*{N} = {K * N}.", nameof(b));
        }

        b.CopyTo(_source);
    }
}
