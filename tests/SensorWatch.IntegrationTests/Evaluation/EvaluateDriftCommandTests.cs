using System.CommandLine;
using SensorWatch.Cli;
using SensorWatch.Core.Retraining;
using SensorWatch.Core.Scoring;
using SensorWatch.Evaluation.Drift;

namespace SensorWatch.IntegrationTests.Evaluation;

/// <summary><c>sensorwatch evaluate drift</c> on a small replay (2 training days, 2 scored days, a row every 2 minutes), in-process.</summary>
public sealed class EvaluateDriftCommandTests : IDisposable
{
    private const string SmallConfig = """
        { "trainDays": 2, "days": 2, "intervalMinutes": 2, "epochs": 6, "meanGapRows": 360, "driftPerDay": 0.4 }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("swdrift").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Drift_Markdown_PrintsEveryModeAndEveryDay()
    {
        string config = Path.Combine(_root, "small.json");
        File.WriteAllText(config, SmallConfig);
        Assert.Equal(0, Run(out string output, out string error, "drift", "--config", config, "--markdown"));
        Assert.Equal("", error);
        Assert.Contains("| retrain off |", output, StringComparison.Ordinal);
        Assert.Contains("| retrain on (normal only) |", output, StringComparison.Ordinal);
        Assert.Contains("| retrain on (unalerted) |", output, StringComparison.Ordinal);
        Assert.Contains("\n| 2 |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\n| 3 |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_UnknownConfigField_ExitsTwoNamingTheFile()
    {
        string config = Path.Combine(_root, "bad.json");
        File.WriteAllText(config, """{ "dayz": 3 }""");
        Assert.Equal(2, Run(out _, out string error, "drift", "--config", config));
        Assert.Contains("bad.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SameSeedTwice_SameResultsAndOffNeverRetrains()
    {
        DriftReplaySettings defaults = DriftReplaySettings.Load(null);
        DriftReplaySettings settings = defaults with
        {
            TrainDays = 2, Days = 2, IntervalMinutes = 2, Epochs = 6, MeanGapRows = 360, DriftPerDay = 0.4,
            Retraining = defaults.Retraining with { MinTrainingWindows = 100, MinNewWindows = 60, Interval = TimeSpan.FromHours(6) },
        };
        DriftStream stream = DriftStream.Generate(settings);
        AnomalyDetector first = DriftReplay.TrainFirstModel(stream, settings, CancellationToken.None);
        DriftReplayResult off = DriftReplay.Run("off", stream, first, settings, null, CancellationToken.None);
        DriftReplayResult on1 = DriftReplay.Run("on", stream, first, settings, settings.Retraining, CancellationToken.None);
        DriftReplayResult on2 = DriftReplay.Run("on", stream, first, settings, settings.Retraining, CancellationToken.None);
        Assert.Equal(0, off.Retrains);
        Assert.Equal(2, off.FalseAlarmsPerDay.Length);
        Assert.True(on1.Retrains > 0);
        Assert.Equal(on1.FalseAlarmsPerDay, on2.FalseAlarmsPerDay);
        Assert.Equal(on1.FalseAlertHours, on2.FalseAlertHours);
        Assert.Equal((on1.Detected, on1.Promoted, on1.Rejected, on1.RolledBack), (on2.Detected, on2.Promoted, on2.Rejected, on2.RolledBack));
        Assert.Equal(on1.RetrainEvents.Count, on1.RetrainEvents.Count(e => e.Outcome != RetrainOutcome.Abandoned));
        Assert.InRange(on1.Recall, 0, 1);
    }

    private static int Run(out string output, out string error, params string[] args)
    {
        using StringWriter outWriter = new(), errWriter = new();
        int code = EvaluateDriftCommand.Create(outWriter, errWriter).Parse(args).Invoke();
        output = outWriter.ToString();
        error = errWriter.ToString();
        return code;
    }
}
