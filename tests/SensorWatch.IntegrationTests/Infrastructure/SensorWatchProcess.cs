using System.Diagnostics;
using System.Text;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The real <c>sensorwatch</c> executable as a child process (the apphost built beside the tests): for CLI tests,
/// graceful-stop tests (SIGTERM) and crash tests (SIGKILL). Collects stdout and stderr; disposing kills it if still running.
/// </summary>
public sealed class SensorWatchProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private SensorWatchProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything written to stdout and stderr so far, in arrival order.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>sensorwatch</c> with <paramref name="arguments"/>.</summary>
    public static SensorWatchProcess Start(params string[] arguments) => Start(null, arguments);

    /// <summary>Starts <c>sensorwatch</c> with <paramref name="arguments"/> and extra environment variables (e.g. <c>DOTNET_GCHeapHardLimit</c>).</summary>
    public static SensorWatchProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        string apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "sensorwatch.exe" : "sensorwatch");
        ProcessStartInfo start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "sensorwatch.dll") } };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process = new() { StartInfo = start, EnableRaisingEvents = true };
        SensorWatchProcess wrapper = new(process);
        process.OutputDataReceived += (_, line) => wrapper.Append(line.Data);
        process.ErrorDataReceived += (_, line) => wrapper.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits for an output line matching <paramref name="predicate"/>; throws <see cref="TimeoutException"/> with the output so far.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            string? match = Output.Split('\n').FirstOrDefault(predicate);
            if (match is not null)
            {
                return match.TrimEnd('\r');
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"No matching line from sensorwatch within {timeout.TotalSeconds:0.#} s (exited: {_process.HasExited}). Output:\n{Output}");
    }

    /// <summary>Sends SIGTERM (a graceful stop request, like <c>docker stop</c> or Kubernetes).</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGSTOP: freezes every thread (heartbeats included), like a long GC pause or a frozen VM.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: resumes a paused process.</summary>
    public void Continue() => Signal("CONT");

    /// <summary>Resident set size now, from /proc (Linux); null when unavailable or exited.</summary>
    public long? ResidentBytes()
    {
        try
        {
            string? line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(text => text.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no cleanup, no flush (crash tests).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Waits for the exit and returns the exit code; kills and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource limit = new(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"sensorwatch did not exit within {timeout.TotalSeconds:0.#} s. Output:\n{Output}");
        }

        _process.WaitForExit();   // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!HasExitedSafe())
        {
            Signal("CONT");   // a paused process cannot be reaped until it runs again
        }

        try
        {
            if (!_process.HasExited)
            {
                Kill();
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        _process.Dispose();
    }

    private bool HasExitedSafe()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private void Signal(string name)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", $"-{name} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit(5_000);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(line).Append('\n');
        }
    }
}
