namespace SensorWatch.Core.Tests.Numerics;

/// <summary>Seeded random inputs for kernel tests, plus guard-sentinel buffers.</summary>
internal static class SeededData
{
    /// <summary>The value written around output regions; a kernel that writes outside its shape overwrites it.</summary>
    public const float Sentinel = -12345.678f;

    /// <summary>Guard elements on each side of a guarded buffer.</summary>
    public const int Guard = 19;

    /// <summary>Uniform values in [−scale, scale) from a seeded generator.</summary>
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }

    /// <summary>A buffer of <paramref name="length"/> + 2·Guard elements, all set to the sentinel.</summary>
    public static float[] Guarded(int length)
    {
        var buffer = new float[length + (2 * Guard)];
        Array.Fill(buffer, Sentinel);
        return buffer;
    }

    /// <summary>The interior of a guarded buffer.</summary>
    public static Span<float> Inner(float[] guarded, int length) => guarded.AsSpan(Guard, length);

    /// <summary>Asserts both guard regions still hold the sentinel.</summary>
    public static void AssertGuardsIntact(float[] guarded, int length, string what)
    {
        for (int i = 0; i < Guard; i++)
        {
            Assert.True(guarded[i] == Sentinel, $"{what}: wrote before the buffer at guard {i}");
            Assert.True(guarded[Guard + length + i] == Sentinel, $"{what}: wrote after the buffer at guard {i}");
        }
    }
}
