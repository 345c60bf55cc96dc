namespace SensorWatch.Core.Numerics;

/// <summary>
/// A right-hand matrix B (K, N) laid out for the GEMM kernel. Pack once after the weights change
/// (<see cref="Repack"/>), multiply many times with <see cref="Gemm.Multiply(ReadOnlySpan{float}, PackedMatrix, Span{float}, int, bool, ReadOnlySpan{float})"/>.
/// </summary>
/// <remarks>
/// Layout: ⌈N/16⌉ panels of 16 columns, each K rows of 16 contiguous floats, zero-padded, 64-byte aligned on the
/// pinned heap (see <see cref="PanelPacker"/>). A row-major copy is kept as <see cref="Source"/>.
/// Not thread-safe while repacking; concurrent multiplies with the same packed matrix are safe.
/// </remarks>
public sealed unsafe class PackedMatrix
{
    private readonly float[] _source;
    private readonly float[] _storage;   // pinned; keeps _panels alive
    private readonly float* _panels;     // (⌈N/16⌉, K, 16)

    public PackedMatrix(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if ((long)k * n > Array.MaxLength / 2)
        {
            throw new ArgumentException($"B ({k}, {n}) is too large to pack.", nameof(n));
        }

        K = k;
        N = n;
        _source = new float[k * n];
        _panels = AlignedScratch.AllocatePinned(PanelPacker.PackedLength(k, n), out _storage);
        new Span<float>(_panels, PanelPacker.PackedLength(k, n)).Clear();
    }

    /// <summary>Rows of B (the inner dimension).</summary>
    public int K { get; }

    /// <summary>Columns of B (the output width).</summary>
    public int N { get; }

    /// <summary>The row-major (K, N) values last packed.</summary>
    internal ReadOnlySpan<float> Source => _source;

    /// <summary>The packed panels, (⌈N/16⌉, K, 16), aligned to 64 bytes.</summary>
    internal float* Panels => _panels;

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
        fixed (float* pb = b)
        {
            PanelPacker.Pack(pb, K, N, _panels);
        }

        GC.KeepAlive(_storage);
    }
}
