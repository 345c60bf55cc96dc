using System.Text;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>Checks on the parts of a message around its value: key size, header size, and key = sensorId.</summary>
internal static class MessageEnvelope
{
    /// <summary>oversized-key / oversized-headers before anything is parsed.</summary>
    public static DecodeResult Check(int keyBytes, int headerBytes, MessageLimitsOptions limits)
    {
        if (keyBytes > limits.MaxKeyBytes)
        {
            return DecodeResult.Fail(DeadLetterReason.OversizedKey, $"key is {keyBytes} bytes; the cap is {limits.MaxKeyBytes}");
        }

        if (headerBytes > limits.MaxHeaderBytes)
        {
            return DecodeResult.Fail(DeadLetterReason.OversizedHeaders, $"headers total {headerBytes} bytes; the cap is {limits.MaxHeaderBytes}");
        }

        return DecodeResult.Ok;
    }

    /// <summary>key-mismatch when a key is present and is not the UTF-8 of <paramref name="sensorId"/>.</summary>
    public static DecodeResult CheckKey(ReadOnlySpan<byte> key, string sensorId)
    {
        if (key.IsEmpty)
        {
            return DecodeResult.Ok;
        }

        int length = Encoding.UTF8.GetByteCount(sensorId);
        Span<byte> expected = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(sensorId, expected);
        if (key.SequenceEqual(expected))
        {
            return DecodeResult.Ok;
        }

        string shown = System.Text.Unicode.Utf8.IsValid(key) ? Encoding.UTF8.GetString(key[..Math.Min(key.Length, 64)]) : Convert.ToHexString(key[..Math.Min(key.Length, 32)]);
        return DecodeResult.Fail(DeadLetterReason.KeyMismatch, $"key \"{shown}\" differs from sensorId \"{sensorId}\"");
    }

    /// <summary>Total header size: the sum of name (UTF-8) and value lengths, as the decoders' header cap counts it.</summary>
    public static int HeaderBytes(IEnumerable<KeyValuePair<string, byte[]?>>? headers)
    {
        long total = 0;
        if (headers is not null)
        {
            foreach (KeyValuePair<string, byte[]?> header in headers)
            {
                total += Encoding.UTF8.GetByteCount(header.Key) + (header.Value?.Length ?? 0);
            }
        }

        return (int)Math.Min(total, int.MaxValue);
    }
}
