using Spectre.Console;

namespace SensorWatch.Evaluation;

/// <summary>Runs one job per series on a bounded number of threads behind a Spectre.Console progress bar.</summary>
internal static class ParallelReplay
{
    /// <summary>Results in input order. The bar counts finished series; <paramref name="quiet"/> hides it (JSON output).</summary>
    public static TResult[] Run<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> job, int parallelism, string description,
        bool quiet, CancellationToken cancellationToken)
    {
        TResult[] results = new TResult[items.Count];
        ParallelOptions options = new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            int done = 0;
            Parallel.For(0, items.Count, options, i =>
            {
                results[i] = job(items[i]);
                int finished = Interlocked.Increment(ref done);
                if (!quiet)
                {
                    Console.Error.WriteLine($"{description}: {finished}/{items.Count}");
                }
            });
            return results;
        }

        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(description, maxValue: items.Count);
                Parallel.For(0, items.Count, options, i =>
                {
                    results[i] = job(items[i]);
                    task.Increment(1);
                });
            });
        return results;
    }
}
