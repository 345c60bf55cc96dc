using System.Runtime.CompilerServices;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// A grow-only, 64-byte-aligned float buffer on the pinned object heap. One per thread per use (the GEMM keeps
/// its packing buffers in [ThreadStatic] instances), so steady-state calls allocate nothing.
/// </summary>
internal sealed unsafe class AlignedScratch
{
    private const int AlignFloats = 16;   // 64 bytes: a cache line, two Vector256<float>
    private float[] _array = [];
    private float* _start;
    private int _capacity;

    /// <summary>Returns an aligned pointer to at least <paramref name="length"/> floats, valid until the next call.</summary>
    public float* Get(int length)
    {
        if (length > _capacity)
        {
            Allocate(length);
        }

        return _start;
    }

    /// <summary>Allocates a pinned array of at least <paramref name="length"/> floats and returns its aligned start.</summary>
    public static float* AllocatePinned(int length, out float[] array)
    {
        array = GC.AllocateUninitializedArray<float>(length + AlignFloats, pinned: true);
        float* p = (float*)Unsafe.AsPointer(ref array[0]);
        nint misalignment = (nint)p & ((AlignFloats * sizeof(float)) - 1);
        return misalignment == 0 ? p : (float*)((byte*)p + ((AlignFloats * sizeof(float)) - misalignment));
    }

    private void Allocate(int length)
    {
        int capacity = Math.Max(length, _capacity * 2);
        _start = AllocatePinned(capacity, out _array);
        _capacity = capacity;
    }
}
