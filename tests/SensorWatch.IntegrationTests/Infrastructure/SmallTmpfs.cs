using System.Diagnostics;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A real, tiny tmpfs mounted for one test (needs root and the mount capability, as in the CI container): writes beyond
/// its size fail with the kernel's ENOSPC, so "disk full" is the real thing, not a simulation. Unmounted on dispose.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    private SmallTmpfs(string path)
    {
        Path = path;
    }

    /// <summary>Why a tmpfs cannot be mounted here, or null when it can.</summary>
    public static string? UnavailableReason => s_unavailable.Value;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB on a fresh directory.</summary>
    public static SmallTmpfs Mount(int kibibytes)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), TopicNames.Unique("sw-tmpfs"));
        Directory.CreateDirectory(path);
        string? error = Run("mount", $"-t tmpfs -o size={kibibytes}k tmpfs {path}");
        if (error is not null)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount tmpfs failed: {error}");
        }

        return new SmallTmpfs(path);
    }

    /// <summary>Writes a filler file until the file system is full; returns the bytes written.</summary>
    public long Fill()
    {
        long written = 0;
        byte[] block = new byte[4096];
        try
        {
            using FileStream filler = new(System.IO.Path.Combine(Path, "filler"), FileMode.Append, FileAccess.Write, FileShare.None, 1);
            while (true)
            {
                filler.Write(block);
                filler.Flush(flushToDisk: true);
                written += block.Length;
            }
        }
        catch (IOException)
        {
            return written;   // ENOSPC
        }
    }

    /// <summary>Frees the space <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    public void Dispose()
    {
        Run("umount", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "a tmpfs needs Linux";
        }

        try
        {
            using SmallTmpfs probe = Mount(64);
            return null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return $"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {exception.Message}";
        }
    }

    private static string? Run(string command, string arguments)
    {
        ProcessStartInfo start = new(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {error.Trim()}";
    }
}
