using System.Runtime.InteropServices;

namespace SensorWatch.Embedded;

/// <summary>
/// Start-up self-check: loads librdkafka, resolves every symbol the embedded cluster imports and reads the
/// library version. The mock API is outside librdkafka's ABI guarantees, so a missing symbol must fail here
/// with a clear message rather than as an EntryPointNotFoundException in the middle of a test.
/// </summary>
internal static class RdKafkaSelfCheck
{
    private static readonly Lock s_gate = new();
    private static string? s_version;

    /// <summary>The librdkafka version string (e.g. "2.16.0"); runs the check once and caches the result.</summary>
    public static string Run()
    {
        lock (s_gate)
        {
            if (s_version is not null)
            {
                return s_version;
            }

            nint handle = LibRdKafkaLoader.EnsureLoaded();
            List<string> missing = [.. RdKafkaNative.Symbols.Where(symbol => !NativeLibrary.TryGetExport(handle, symbol, out _))];
            if (missing.Count > 0)
            {
                throw new EmbeddedKafkaException(
                    $"librdkafka at {LibRdKafkaLoader.LoadedPath} lacks {missing.Count} symbol(s) the embedded cluster needs: " +
                    $"{string.Join(", ", missing)}. The mock cluster API is not ABI-stable; use librdkafka.redist 2.16.0 " +
                    "(the version Confluent.Kafka pins in Directory.Packages.props).");
            }

            s_version = Marshal.PtrToStringUTF8(RdKafkaNative.VersionString()) ?? "unknown";
            return s_version;
        }
    }
}
