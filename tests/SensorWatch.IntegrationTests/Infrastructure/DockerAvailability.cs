using System.Diagnostics;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>Whether a Docker engine answers (<c>docker info</c> succeeds), checked once per test run.</summary>
public static class DockerAvailability
{
    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    /// <summary>True when <c>docker info</c> exits 0 within 10 s.</summary>
    public static bool IsAvailable => s_unavailableReason.Value is null;

    /// <summary>Why container tests are skipped, or null when Docker is available.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    private static string? Probe()
    {
        try
        {
            using Process process = new()
            {
                StartInfo = new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                },
            };
            process.Start();
            Task<string> error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return "Docker engine not available: `docker info` did not answer within 10 s.";
            }

            if (process.ExitCode == 0)
            {
                return null;
            }

            string detail = error.Wait(TimeSpan.FromSeconds(1)) ? error.Result.Trim() : string.Empty;
            int newline = detail.IndexOf('\n', StringComparison.Ordinal);
            detail = newline > 0 ? detail[..newline] : detail;
            return $"Docker engine not available (`docker info` exit {process.ExitCode}: {detail}); Apache Kafka (Testcontainers) run skipped.";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"Docker engine not available (no docker client: {exception.Message}); Apache Kafka (Testcontainers) run skipped.";
        }
    }
}
