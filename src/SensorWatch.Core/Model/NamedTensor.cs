namespace SensorWatch.Core.Model;

/// <summary>One named model parameter: a row-major float32 tensor of the given shape.</summary>
public sealed class NamedTensor
{
    /// <summary>Creates a tensor; <paramref name="data"/> is used as is (not copied) and must hold product(shape) values.</summary>
    public NamedTensor(string name, int[] shape, float[] data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor '{name}' has a negative dimension in shape {FormatShape(shape)}.", nameof(shape));
            }

            count *= dimension;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}' of shape {FormatShape(shape)} needs {count} values, found {data.Length}.", nameof(data));
        }

        Name = name;
        Shape = shape;
        Data = data;
    }

    /// <summary>Stable parameter name, e.g. <c>encoder.0.wx</c>.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Row-major values.</summary>
    public float[] Data { get; }

    /// <summary>A deep copy.</summary>
    public NamedTensor Clone() => new(Name, (int[])Shape.Clone(), (float[])Data.Clone());

    /// <summary>The shape as text, e.g. <c>[8, 256]</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {FormatShape(Shape)}";
}
