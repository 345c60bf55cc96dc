using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>Reads a child worker's log: counts lines, waits for them, and tracks the partitions it holds.</summary>
internal static class WorkerLog
{
    public static async Task WaitForCountAsync(SensorWatchProcess process, string text, int count, TimeSpan timeout)
    {
        using CancellationTokenSource limit = new(timeout);
        while (Count(process, text) < count)
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"fewer than {count} '{text}' lines within {timeout.TotalSeconds:0} s:\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }

    public static int Count(SensorWatchProcess process, string text) =>
        process.Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>The partitions a worker holds now, from its "Partitions assigned/revoked/LOST" log lines.</summary>
    public static HashSet<string> Owned(SensorWatchProcess process)
    {
        HashSet<string> owned = new(StringComparer.Ordinal);
        foreach (string line in process.Output.Split('\n'))
        {
            int start = line.IndexOf("Partitions ", StringComparison.Ordinal);
            int colon = start < 0 ? -1 : line.IndexOf(':', start);
            if (colon < 0)
            {
                continue;
            }

            string[] partitions = line[(colon + 1)..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (line.Contains("Partitions assigned", StringComparison.Ordinal))
            {
                owned.UnionWith(partitions);
            }
            else if (line.Contains("Partitions revoked", StringComparison.Ordinal) || line.Contains("Partitions LOST", StringComparison.Ordinal))
            {
                owned.ExceptWith(partitions);
            }
        }

        return owned;
    }

    /// <summary>Waits until the worker holds at least (or, with <paramref name="atMost"/>, at most) <paramref name="count"/> partitions.</summary>
    public static async Task WaitForOwnedAsync(SensorWatchProcess process, int count, TimeSpan timeout, bool atMost = false)
    {
        using CancellationTokenSource limit = new(timeout);
        while (atMost ? Owned(process).Count > count : Owned(process).Count < count)
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"the worker did not come to hold {count} partitions within {timeout.TotalSeconds:0} s:\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }
}
