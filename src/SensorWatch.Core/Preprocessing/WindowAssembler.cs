namespace SensorWatch.Core.Preprocessing;

/// <summary>Cuts sliding windows out of rows: window i covers rows [i·stride, i·stride + T).</summary>
public static class WindowAssembler
{
    /// <summary>How many full windows of length <paramref name="window"/> fit in <paramref name="rows"/> rows at <paramref name="stride"/>.</summary>
    public static int Count(int rows, int window, int stride)
    {
        Validate(window, stride);
        return rows < window ? 0 : ((rows - window) / stride) + 1;
    }

    /// <summary>Copies every full window out of rows (N, D) into a new (count, T, D) array.</summary>
    public static float[] Assemble(ReadOnlySpan<float> rows, int features, int window, int stride)
    {
        if (features <= 0 || rows.Length % features != 0)
        {
            throw new ArgumentException($"rows has {rows.Length} cells, not a multiple of D {features}.", nameof(rows));
        }

        int count = Count(rows.Length / features, window, stride);
        float[] windows = new float[count * window * features]; // (count, T, D)
        int span = window * features;
        for (int i = 0; i < count; i++)
        {
            rows.Slice(i * stride * features, span).CopyTo(windows.AsSpan(i * span, span));
        }

        return windows;
    }

    private static void Validate(int window, int stride)
    {
        if (window <= 0 || stride <= 0)
        {
            throw new ArgumentException($"Window length {window} and stride {stride} must be positive.");
        }
    }
}
