using System.Diagnostics;

namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>
/// Finds and runs a command-line tool the deploy tests need (helm, promtool): on PATH, then in the repository's
/// <c>.tools/bin</c> (where <c>.ci/install-tools</c> puts helm). Tests using one skip with the reason when it is absent.
/// </summary>
internal static class ExternalTool
{
    public static string? Find(string name)
    {
        IEnumerable<string> folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(RepositoryPaths.Combine(".tools", "bin"));
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }

    public static string? UnavailableReason(string name) =>
        Find(name) is null ? $"{name} is not installed (not on PATH nor in .tools/bin; run .ci/install-tools)" : null;

    /// <summary>Runs the tool to completion (60 s at most) and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string name, params string[] arguments) => RunWithInput(name, null, arguments);

    /// <summary>Runs the tool with <paramref name="input"/> on its standard input (when not null).</summary>
    public static (int ExitCode, string Output) RunWithInput(string name, string? input, params string[] arguments)
    {
        string path = Find(name) ?? throw new InvalidOperationException(UnavailableReason(name));
        ProcessStartInfo start = new(path)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
