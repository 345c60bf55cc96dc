namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The outcome of decoding or validating one message: <see cref="DeadLetterReason.None"/> on success, otherwise the
/// reason and a short human detail (at most <see cref="MaxDetailLength"/> characters, control characters replaced).
/// </summary>
internal readonly record struct DecodeResult(DeadLetterReason Reason, string Detail)
{
    /// <summary>Longest detail kept; longer ones are cut and end with "…".</summary>
    public const int MaxDetailLength = 200;

    /// <summary>Success.</summary>
    public static DecodeResult Ok => default;

    /// <summary>True when the message is good.</summary>
    public bool IsOk => Reason == DeadLetterReason.None;

    /// <summary>A failure with a sanitised, truncated detail.</summary>
    public static DecodeResult Fail(DeadLetterReason reason, string detail) => new(reason, Sanitize(detail));

    /// <summary>Cuts to <see cref="MaxDetailLength"/> and replaces control characters with '?'.</summary>
    public static string Sanitize(string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return string.Empty;
        }

        bool tooLong = detail.Length > MaxDetailLength;
        ReadOnlySpan<char> source = tooLong ? detail.AsSpan(0, MaxDetailLength - 1) : detail.AsSpan();
        return string.Create(source.Length + (tooLong ? 1 : 0), (detail, tooLong), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = i < state.detail.Length ? state.detail[i] : '?';
                span[i] = char.IsControl(c) || char.IsSurrogate(c) ? '?' : c;
            }

            if (state.tooLong)
            {
                span[^1] = '…';
            }
        });
    }
}
