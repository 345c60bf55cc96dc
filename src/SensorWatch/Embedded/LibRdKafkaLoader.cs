using System.Reflection;
using System.Runtime.InteropServices;

namespace SensorWatch.Embedded;

/// <summary>
/// Finds and loads the librdkafka shared library that ships with Confluent.Kafka (librdkafka.redist) and binds
/// <see cref="RdKafkaNative"/>'s imports to it through <see cref="NativeLibrary.SetDllImportResolver"/>.
/// </summary>
/// <remarks>
/// Probing mirrors Confluent.Kafka on Linux: on musl (Alpine) <c>alpine-librdkafka.so</c>; otherwise
/// <c>librdkafka.so</c> (the GSSAPI build, which needs libsasl2.so.3 and so fails on Debian/Ubuntu) and then
/// <c>centos8-librdkafka.so</c> (self-contained, glibc &gt;= 2.28). Each name is tried in
/// <c>runtimes/&lt;rid&gt;/native/</c> under the application directory and beside Confluent.Kafka.dll, then flat in
/// those directories (RID-specific publish). The loaded handle is cached: the resolver runs once per import.
/// This type owns the DllImport resolver of the SensorWatch assembly; add other libraries here, not elsewhere.
/// </remarks>
internal static class LibRdKafkaLoader
{
    /// <summary>The library name used by every <c>LibraryImport</c> in <see cref="RdKafkaNative"/>.</summary>
    public const string LibraryName = "sensorwatch-librdkafka";

    private static readonly Lock s_gate = new();
    private static nint s_handle;
    private static string? s_loadedPath;
    private static bool s_resolverRegistered;

    /// <summary>Full path of the library that was loaded, or null before <see cref="EnsureLoaded"/>.</summary>
    public static string? LoadedPath => s_loadedPath;

    /// <summary>Loads the library once and registers the resolver; throws <see cref="EmbeddedKafkaException"/> listing every path tried.</summary>
    public static nint EnsureLoaded()
    {
        lock (s_gate)
        {
            if (s_handle != 0)
            {
                return s_handle;
            }

            List<string> tried = [];
            foreach (string candidate in CandidatePaths())
            {
                if (!File.Exists(candidate))
                {
                    continue;
                }

                if (NativeLibrary.TryLoad(candidate, out nint handle))
                {
                    s_handle = handle;
                    s_loadedPath = candidate;
                    break;
                }

                tried.Add($"{candidate} (present but not loadable: missing dependencies?)");
            }

            if (s_handle == 0)
            {
                throw new EmbeddedKafkaException(
                    "Could not load librdkafka for the embedded Kafka cluster. Tried: " +
                    (tried.Count == 0 ? "no candidate file exists" : string.Join("; ", tried)) +
                    $". Searched {string.Join(", ", SearchDirectories())} for {string.Join(", ", FileNames())} (runtime {RuntimeInformation.RuntimeIdentifier}). " +
                    "The library comes from the librdkafka.redist package that Confluent.Kafka references; rebuild or republish the app.");
            }

            if (!s_resolverRegistered)
            {
                NativeLibrary.SetDllImportResolver(typeof(LibRdKafkaLoader).Assembly, Resolve);
                s_resolverRegistered = true;
            }

            return s_handle;
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        return libraryName == LibraryName ? EnsureLoaded() : 0;
    }

    internal static IEnumerable<string> CandidatePaths()
    {
        string rid = RuntimeIdentifierForNativeAssets();
        foreach (string directory in SearchDirectories())
        {
            foreach (string file in FileNames())
            {
                yield return Path.Combine(directory, "runtimes", rid, "native", file);
                yield return Path.Combine(directory, file);
            }
        }
    }

    private static IEnumerable<string> FileNames()
    {
        if (OperatingSystem.IsMacOS())
        {
            return ["librdkafka.dylib"];
        }

        if (OperatingSystem.IsWindows())
        {
            return ["librdkafka.dll"];
        }

        return IsMusl() ? ["alpine-librdkafka.so", "librdkafka.so"] : ["librdkafka.so", "centos8-librdkafka.so"];
    }

    private static IEnumerable<string> SearchDirectories()
    {
        HashSet<string> seen = new(StringComparer.Ordinal);
        string? confluentDirectory = Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location);
        foreach (string? directory in new[] { AppContext.BaseDirectory, confluentDirectory })
        {
            if (!string.IsNullOrEmpty(directory) && seen.Add(Path.GetFullPath(directory)))
            {
                yield return Path.GetFullPath(directory);
            }
        }
    }

    private static string RuntimeIdentifierForNativeAssets()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.S390x => "s390x",
            Architecture other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}-{arch}";
    }

    private static bool IsMusl()
    {
        return OperatingSystem.IsLinux() &&
            (RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase) ||
             Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*.so.1").Any());
    }
}
