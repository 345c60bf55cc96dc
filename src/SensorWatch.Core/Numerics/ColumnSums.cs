using System.Numerics.Tensors;

namespace SensorWatch.Core.Numerics;

/// <summary>Column sums of a row-major matrix: the bias-gradient reduction.</summary>
public static class ColumnSums
{
    /// <summary>sums[j] += Σ_i a[i, j] for A (rows, cols) row-major, rows summed in order 0, 1, 2, ...</summary>
    public static void Accumulate(ReadOnlySpan<float> a, int rows, int cols, Span<float> sums)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (a.Length < rows * cols)
        {
            throw new ArgumentException($"A has {a.Length} elements, the shape ({rows}, {cols}) needs {rows * cols}.", nameof(a));
        }

        if (sums.Length < cols)
        {
            throw new ArgumentException($"sums has {sums.Length} elements, expected at least {cols}.", nameof(sums));
        }

        Span<float> target = sums[..cols];
        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Add(target, a.Slice(i * cols, cols), target);
        }
    }
}
