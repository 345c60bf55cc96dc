using System.Globalization;

namespace SensorWatch.Roles.Bench;

/// <summary>
/// CPU time of this process's threads grouped by what they do, read from <c>/proc/self/task/*/stat</c> (user + system
/// clock ticks, 10 ms each) and <c>comm</c> (the thread name). Groups: the scorer's loop thread, the samples encoder
/// thread (<c>sw-samples</c>), librdkafka's client
/// threads (<c>rdk:main</c>, <c>rdk:broker*</c>), the embedded mock brokers (<c>rdk:mock</c>), and everything else
/// (.NET GC, thread pool — scoring helpers run there —, the bench itself). Linux only; elsewhere every sample is empty.
/// </summary>
internal static class ThreadCpuSampler
{
    private const double SecondsPerTick = 0.01;   // USER_HZ is 100 on Linux

    public const string Loop = "loop", Samples = "samples-encoder", Client = "kafka-client", Mock = "mock-broker", Other = "runtime+other";

    /// <summary>Seconds of CPU per group since the thread started, for the threads alive now.</summary>
    public static Dictionary<int, (string Group, double Seconds)> Sample()
    {
        Dictionary<int, (string, double)> threads = [];
        if (!Directory.Exists("/proc/self/task"))
        {
            return threads;
        }

        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');   // fields from the 3rd (state) on
                double ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                string name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (GroupOf(name), ticks * SecondsPerTick);
            }
            catch (IOException)
            {
                // the thread ended while we read it
            }
        }

        return threads;
    }

    /// <summary>CPU seconds per group between two samples (threads born in between count in full).</summary>
    public static Dictionary<string, double> Difference(Dictionary<int, (string Group, double Seconds)> before, Dictionary<int, (string Group, double Seconds)> after)
    {
        Dictionary<string, double> groups = new(StringComparer.Ordinal) { [Loop] = 0, [Samples] = 0, [Client] = 0, [Mock] = 0, [Other] = 0 };
        foreach ((int id, (string group, double seconds)) in after)
        {
            double earlier = before.TryGetValue(id, out (string Group, double Seconds) old) ? old.Seconds : 0;
            groups[group] += seconds - earlier;
        }

        return groups;
    }

    private static string GroupOf(string name) =>
        name.StartsWith("sensorwatch-sco", StringComparison.Ordinal) ? Loop
        : name.StartsWith("sw-samples", StringComparison.Ordinal) ? Samples
        : name.StartsWith("rdk:mock", StringComparison.Ordinal) ? Mock
        : name.StartsWith("rdk:", StringComparison.Ordinal) ? Client
        : Other;
}
