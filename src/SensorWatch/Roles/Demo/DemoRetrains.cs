using System.Diagnostics;
using System.Globalization;
using SensorWatch.Core.Retraining;
using SensorWatch.Roles.Trainer;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SensorWatch.Roles.Demo;

/// <summary>
/// The demo's view of the trainer role: collects every retraining step from <see cref="TrainerProgress"/> (raised on
/// the trainer's thread; thread-safe here), renders them in the live view and one plain line, and prints them in the
/// summary (outcome, reason, training time, sample size, version).
/// </summary>
internal sealed class DemoRetrains
{
    private readonly Stopwatch _clock;
    private readonly TrainerProgress _trainer;
    private readonly List<DemoRetrain> _steps = [];

    public DemoRetrains(Stopwatch clock, TrainerProgress trainer)
    {
        _clock = clock;
        _trainer = trainer;
        trainer.Retrained += OnRetrained;
    }

    public IReadOnlyList<DemoRetrain> All
    {
        get
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }

    public IRenderable Table()
    {
        Table table = new Table().Border(TableBorder.Rounded).Title("[bold]Retraining[/] (trainer role)")
            .AddColumn("at").AddColumn("key").AddColumn("outcome").AddColumn("reason").AddColumn("training").AddColumn("sample").AddColumn("version");
        foreach (TrainerKeyView key in _trainer.Keys)
        {
            table.AddRow("now", Markup.Escape(key.ModelKey), $"[blue]{key.Phase.ToString().ToLowerInvariant()}[/]", "", "",
                key.SampleWindows.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(key.CurrentVersion ?? "-"));
        }

        foreach (DemoRetrain step in All.TakeLast(6).Reverse())
        {
            string color = step.Outcome switch
            {
                nameof(RetrainOutcome.Promoted) or nameof(RetrainOutcome.Kept) => "green",
                nameof(RetrainOutcome.Rejected) or nameof(RetrainOutcome.RolledBack) => "red",
                _ => "yellow",
            };
            table.AddRow(string.Create(CultureInfo.InvariantCulture, $"{step.AtSeconds:F0} s"), Markup.Escape(step.ModelKey), $"[{color}]{step.Outcome}[/]",
                Markup.Escape(step.Reason), string.Create(CultureInfo.InvariantCulture, $"{step.TrainingSeconds:F1} s"),
                step.SampleSize.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(step.Version));
        }

        return table;
    }

    public string Line()
    {
        IReadOnlyList<DemoRetrain> steps = All;
        string keys = string.Join(", ", _trainer.Keys.Select(k => $"{k.ModelKey} {k.Phase.ToString().ToLowerInvariant()} (sample {k.SampleWindows})"));
        return steps.Count == 0 ? $"trainer: {keys}" : $"trainer: {keys}; last retrain {steps[^1].Outcome} ({steps[^1].Reason}) {steps[^1].Version}";
    }

    /// <summary>The summary's retraining section.</summary>
    public static async Task WriteAsync(IReadOnlyList<DemoRetrain> steps, TextWriter output)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv,
            $"  retraining: {steps.Count(s => s.Outcome == nameof(RetrainOutcome.Promoted))} promoted, {steps.Count(s => s.Outcome == nameof(RetrainOutcome.Rejected))} rejected, " +
            $"{steps.Count(s => s.Outcome == nameof(RetrainOutcome.RolledBack))} rolled back")).ConfigureAwait(false);
        foreach (DemoRetrain step in steps)
        {
            await output.WriteLineAsync(string.Create(inv,
                $"    at {step.AtSeconds,4:F0} s  {step.ModelKey}  {step.Outcome,-10} {step.Reason,-30} training {step.TrainingSeconds:F1} s, sample {step.SampleSize}, version {step.Version}")).ConfigureAwait(false);
            await output.WriteLineAsync($"             {step.Text}").ConfigureAwait(false);
        }
    }

    private void OnRetrained(RetrainEvent retrain)
    {
        lock (_steps)
        {
            _steps.Add(DemoRetrain.From(retrain, _clock.Elapsed));
        }
    }
}
