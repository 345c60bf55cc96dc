using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Checks of a parsed window that need the whole message: empty-window, too-many-missing, timestamp-out-of-range
/// (start older than MaxAge, or end later than now + MaxFutureSkew) and wrong-feature-count (features vs D).
/// Shared by the window decoder and the readings assembler's output.
/// </summary>
internal static class WindowContentCheck
{
    public static DecodeResult Check(DecodedWindow window, MessageLimitsOptions limits, long nowMs)
    {
        if (window.Length == 0 || window.FeatureCount == 0)
        {
            return DecodeResult.Fail(DeadLetterReason.EmptyWindow, "'values' has no rows");
        }

        long total = (long)window.Length * window.FeatureCount;
        if (window.MissingCount > limits.MaxMissingFraction * total)
        {
            return DecodeResult.Fail(DeadLetterReason.TooManyMissing,
                $"{window.MissingCount} of {total} values are missing; at most {limits.MaxMissingFraction:P0} may be");
        }

        long futureLimit = nowMs + (long)limits.MaxFutureSkew.TotalMilliseconds;
        if (window.EndMs > futureLimit)
        {
            return DecodeResult.Fail(DeadLetterReason.TimestampOutOfRange,
                $"window ends {DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(window.EndMs, 253402300799999)):O}, more than {limits.MaxFutureSkew} after now");
        }

        if (limits.MaxAge > TimeSpan.Zero && window.StartMs < nowMs - (long)limits.MaxAge.TotalMilliseconds)
        {
            return DecodeResult.Fail(DeadLetterReason.TimestampOutOfRange,
                $"window starts {DateTimeOffset.FromUnixTimeMilliseconds(window.StartMs):O}, older than {limits.MaxAge}");
        }

        if (window.FeatureNameCount != 0 && window.FeatureNameCount != window.FeatureCount)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongFeatureCount,
                $"'features' names {window.FeatureNameCount} features but rows have {window.FeatureCount} values");
        }

        return DecodeResult.Ok;
    }
}
