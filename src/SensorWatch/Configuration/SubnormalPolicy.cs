namespace SensorWatch.Configuration;

/// <summary>What the decoders do with a value whose magnitude is below float's smallest normal (≈1.18e-38).</summary>
internal enum SubnormalPolicy
{
    /// <summary>Replace it with 0 (the default: subnormals slow down float arithmetic and carry no signal here).</summary>
    Flush,

    /// <summary>Dead-letter the message with reason <c>subnormal-value</c>.</summary>
    Refuse,
}
