namespace SensorWatch.Configuration;

/// <summary>
/// Bounds that make decoding one message cost bounded CPU and memory (section <c>Scorer:Limits</c>). Every cap is
/// checked before or while parsing, so hostile input stops at the first violation.
/// </summary>
internal sealed class MessageLimitsOptions
{
    /// <summary>Largest message value in bytes; checked before parsing (<c>oversized-payload</c>).</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest message key in bytes (<c>oversized-key</c>).</summary>
    public int MaxKeyBytes { get; set; } = 256;

    /// <summary>Largest total size of all headers (names + values) in bytes (<c>oversized-headers</c>).</summary>
    public int MaxHeaderBytes { get; set; } = 16 * 1024;

    /// <summary>Deepest JSON nesting accepted (<c>too-deep</c>); a window needs 3 (object, values, row).</summary>
    public int MaxDepth { get; set; } = 8;

    /// <summary>T cap: most rows in a window (<c>array-too-long</c>).</summary>
    public int MaxWindowLength { get; set; } = 4096;

    /// <summary>D cap: most values in a row and names in <c>features</c> (<c>array-too-long</c>).</summary>
    public int MaxFeatures { get; set; } = 256;

    /// <summary>Longest string (sensorId, model, feature name, ids) in raw UTF-8 bytes as written, escapes included (<c>string-too-long</c>).</summary>
    public int MaxStringBytes { get; set; } = 256;

    /// <summary>Largest accepted |value|; above it (or beyond double range) is <c>value-out-of-range</c>.</summary>
    public double MaxAbsValue { get; set; } = 1e15;

    /// <summary>What to do with subnormal values.</summary>
    public SubnormalPolicy Subnormals { get; set; } = SubnormalPolicy.Flush;

    /// <summary>Largest fraction of null (missing) values in a window, 0–1 (<c>too-many-missing</c> above it).</summary>
    public double MaxMissingFraction { get; set; } = 0.2;

    /// <summary>How far in the future a window may end, relative to the worker's clock (<c>timestamp-out-of-range</c>).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a window's start may be; <see cref="TimeSpan.Zero"/> disables the check (replaying history).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Largest step interval in milliseconds (<c>bad-interval</c> above it).</summary>
    public long MaxIntervalMs { get; set; } = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    /// <summary>Dead-letter values are cut to this many bytes (header <c>sw.dlq.truncated</c> says so).</summary>
    public int MaxDeadLetterValueBytes { get; set; } = 256 * 1024;

    /// <summary>Every invalid setting, prefixed with <paramref name="section"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Scorer:Limits")
    {
        List<string> errors = [];
        void Require(bool ok, string name, string rule, object value)
        {
            if (!ok)
            {
                errors.Add($"{section}:{name} {rule} (got {value}).");
            }
        }

        Require(MaxPayloadBytes is >= 64 and <= 100 * 1024 * 1024, nameof(MaxPayloadBytes), "must be 64 B to 100 MiB", MaxPayloadBytes);
        Require(MaxKeyBytes is >= 1 and <= 1024 * 1024, nameof(MaxKeyBytes), "must be 1 B to 1 MiB", MaxKeyBytes);
        Require(MaxHeaderBytes is >= 0 and <= 1024 * 1024, nameof(MaxHeaderBytes), "must be 0 to 1 MiB", MaxHeaderBytes);
        Require(MaxDepth is >= 3 and <= 64, nameof(MaxDepth), "must be 3 to 64 (a window needs 3)", MaxDepth);
        Require(MaxWindowLength is >= 1 and <= 1_000_000, nameof(MaxWindowLength), "must be 1 to 1,000,000", MaxWindowLength);
        Require(MaxFeatures is >= 1 and <= 65_536, nameof(MaxFeatures), "must be 1 to 65,536", MaxFeatures);
        Require((long)MaxWindowLength * MaxFeatures <= 16_000_000, nameof(MaxWindowLength) + "×" + nameof(MaxFeatures), "must be at most 16,000,000 values", (long)MaxWindowLength * MaxFeatures);
        Require(MaxStringBytes is >= 8 and <= 64 * 1024, nameof(MaxStringBytes), "must be 8 to 65,536", MaxStringBytes);
        Require(double.IsFinite(MaxAbsValue) && MaxAbsValue > 0 && MaxAbsValue <= float.MaxValue, nameof(MaxAbsValue), "must be positive, finite and within float range (3.4e38)", MaxAbsValue);
        Require(Enum.IsDefined(Subnormals), nameof(Subnormals), "must be Flush or Refuse", Subnormals);
        Require(MaxMissingFraction is >= 0 and <= 1, nameof(MaxMissingFraction), "must be between 0 and 1", MaxMissingFraction);
        Require(MaxFutureSkew >= TimeSpan.Zero, nameof(MaxFutureSkew), "must not be negative", MaxFutureSkew);
        Require(MaxAge >= TimeSpan.Zero, nameof(MaxAge), "must not be negative (0 disables the check)", MaxAge);
        Require(MaxIntervalMs >= 1, nameof(MaxIntervalMs), "must be at least 1", MaxIntervalMs);
        Require(MaxDeadLetterValueBytes is >= 0 and <= 100 * 1024 * 1024, nameof(MaxDeadLetterValueBytes), "must be 0 to 100 MiB", MaxDeadLetterValueBytes);
        return errors;
    }
}
