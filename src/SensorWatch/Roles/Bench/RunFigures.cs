using System.Diagnostics;
using System.Globalization;
using SensorWatch.Roles.Scorer;

namespace SensorWatch.Roles.Bench;

/// <summary>The state of the process at one instant of a throughput run (clock, CPU by thread group, loop stages, GC).</summary>
internal sealed record Snapshot(long Timestamp, long Finished, long Scored, long DeadLetters, TimeSpan ProcessCpu, Dictionary<int, (string Group, double Seconds)> Threads,
    long[] Stages, int[] Collections, TimeSpan GcPause, long Allocated)
{
    public static Snapshot Take(ScorerProgress progress)
    {
        ScorerStages s = progress.Stages;
        return new Snapshot(Stopwatch.GetTimestamp(), progress.Finished, progress.Scored, progress.DeadLetters, Process.GetCurrentProcess().TotalProcessorTime, ThreadCpuSampler.Sample(),
            [s.Poll, s.Decode, s.Score, s.Publish, s.Deliveries], [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
            GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    }
}

/// <summary>Figures of one throughput run, per window where it says so (µs).</summary>
internal sealed record RunFigures(long Done, long Scored, long DeadLetters, double WindowsPerSecond, double CpuMicros, Dictionary<string, double> ThreadMicros,
    double[] StageMicros, double AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMs)
{
    private static readonly string[] s_stageNames = ["poll+wait", "decode", "score", "publish", "deliveries"];

    public static RunFigures Between(Snapshot start, Snapshot end, long done)
    {
        long windows = Math.Max(1, end.Finished - start.Finished);
        double seconds = (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;
        Dictionary<string, double> threads = ThreadCpuSampler.Difference(start.Threads, end.Threads)
            .ToDictionary(entry => entry.Key, entry => entry.Value * 1e6 / windows, StringComparer.Ordinal);
        double[] stages = [.. end.Stages.Select((ticks, i) => (ticks - start.Stages[i]) * 1e6 / Stopwatch.Frequency / windows)];
        return new RunFigures(done, end.Scored, end.DeadLetters, windows / seconds, (end.ProcessCpu - start.ProcessCpu).TotalMicroseconds / windows, threads, stages,
            (end.Allocated - start.Allocated) / (double)windows, end.Collections[0] - start.Collections[0], end.Collections[1] - start.Collections[1],
            end.Collections[2] - start.Collections[2], (end.GcPause - start.GcPause).TotalMilliseconds);
    }

    /// <summary>Each figure's median over the runs (not one run's figures).</summary>
    public static RunFigures Median(IReadOnlyList<RunFigures> runs)
    {
        double M(Func<RunFigures, double> pick)
        {
            double[] sorted = [.. runs.Select(pick).Order()];
            return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        Dictionary<string, double> threads = runs.Count == 0 ? [] : runs[0].ThreadMicros.Keys.ToDictionary(key => key, key => M(run => run.ThreadMicros[key]), StringComparer.Ordinal);
        double[] stages = [.. Enumerable.Range(0, s_stageNames.Length).Select(i => M(run => run.StageMicros[i]))];
        return new RunFigures((long)M(run => run.Done), (long)M(run => run.Scored), (long)M(run => run.DeadLetters), M(run => run.WindowsPerSecond), M(run => run.CpuMicros), threads, stages, M(run => run.AllocatedBytes),
            (int)M(run => run.Gen0), (int)M(run => run.Gen1), (int)M(run => run.Gen2), M(run => run.GcPauseMs));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Done} windows ({Scored} scored, {DeadLetters} dead-lettered), {WindowsPerSecond:F0} windows/s, process CPU {CpuMicros:F0} µs/window, allocated {AllocatedBytes / 1024:F1} KiB/window, GC {Gen0}/{Gen1}/{Gen2} (gen0/1/2), pause {GcPauseMs:F0} ms");

    public string DescribeThreads() => string.Join(", ", ThreadMicros.Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {entry.Value:F0} µs")));

    public string DescribeStages() => string.Join(", ", StageMicros.Select((micros, i) => string.Create(CultureInfo.InvariantCulture, $"{s_stageNames[i]} {micros:F1} µs")));
}
