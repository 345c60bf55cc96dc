using System.Globalization;
using SensorWatch.Core.Training;
using Spectre.Console;

namespace SensorWatch.Cli;

/// <summary>
/// Shows training progress: a Spectre.Console progress bar (epoch, train/validation loss, ETA) on an interactive
/// terminal, one plain line per epoch on stderr otherwise (logs, CI).
/// </summary>
internal static class TrainingProgressDisplay
{
    public static T Run<T>(int epochs, Func<IProgress<EpochReport>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            return work(new LineProgress());
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: epochs);
                result = work(new BarProgress(task));
                task.StopTask();
            });
        return result;
    }

    private static string Describe(EpochReport report) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {report.Epoch}/{report.Epochs}  train {report.TrainLoss:F5}  validation {(double.IsNaN(report.ValidationLoss) ? "-" : report.ValidationLoss.ToString("F5", CultureInfo.InvariantCulture))}");

    private sealed class BarProgress(ProgressTask task) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            task.Description = Describe(value);
            task.Value = value.Epoch;
        }
    }

    private sealed class LineProgress : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            double perEpoch = value.Elapsed.TotalSeconds / Math.Max(1, value.Epoch);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Describe(value)}  elapsed {value.Elapsed.TotalSeconds:F1}s  eta {perEpoch * (value.Epochs - value.Epoch):F0}s"));
        }
    }
}
