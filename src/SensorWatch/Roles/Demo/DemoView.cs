using System.Globalization;
using SensorWatch.Roles.Scorer;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SensorWatch.Roles.Demo;

/// <summary>Renders the demo's state: a Spectre.Console table for terminals, one plain line otherwise.</summary>
internal static class DemoView
{
    public static IRenderable Render(DemoSnapshot state)
    {
        Grid top = new Grid().AddColumn().AddColumn();
        top.AddRow(new Markup($"[bold]SensorWatch demo[/]  {state.Elapsed.TotalSeconds:F0} s / {state.Duration.TotalSeconds:F0} s"),
            new Markup($"metrics: [link]{Markup.Escape(state.MetricsUrl ?? "(off)")}[/]"));
        Table flow = new Table().Border(TableBorder.Rounded).Title("[bold]Stream[/]")
            .AddColumn("produced").AddColumn("consumed").AddColumn("windows/s").AddColumn("lag").AddColumn("scored").AddColumn("probation")
            .AddColumn("dead letters").AddColumn("anomalies injected").AddColumn("alerts open/resolved");
        flow.AddRow(N(state.Produced), N(state.Consumed), state.Throughput.ToString("F0", CultureInfo.InvariantCulture), state.Lag < 0 ? "-" : N(state.Lag),
            N(state.Scored), N(state.Probation), N(state.DeadLetters), N(state.Injected), $"{state.AlertsOpened}/{state.AlertsResolved}");
        Table models = new Table().Border(TableBorder.Rounded).Title("[bold]Models[/]")
            .AddColumn("key").AddColumn("state").AddColumn("version").AddColumn("threshold").AddColumn("note");
        foreach (ModelStatusView model in state.Models)
        {
            string phase = model.Phase switch
            {
                ModelPhase.Probation => $"[yellow]probation {model.Collected}/{model.ProbationTarget}[/]",
                ModelPhase.Training => "[blue]training…[/]",
                _ => "[green]scoring[/]",
            };
            models.AddRow(Markup.Escape(model.ModelKey), phase, Markup.Escape(model.Version ?? "-"),
                double.IsFinite(model.Threshold) ? model.Threshold.ToString("G4", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(model.LastFailure ?? (model.TrainingTime is { } time ? $"trained in {time.TotalSeconds:F1} s" : "")));
        }

        Table alerts = new Table().Border(TableBorder.Rounded).Title("[bold]Latest alerts[/]")
            .AddColumn("at").AddColumn("sensor").AddColumn("state").AddColumn("severity").AddColumn("window (sensor time)");
        foreach (DemoAlert alert in state.Alerts)
        {
            string color = alert.State == "open" ? "red" : alert.State == "resolved" ? "green" : "yellow";
            alerts.AddRow($"{alert.Wall.TotalSeconds:F0} s", Markup.Escape(alert.SensorId), $"[{color}]{alert.State}[/]",
                alert.Severity.ToString(CultureInfo.InvariantCulture), $"{alert.WindowStart:HH:mm:ss}–{alert.WindowEnd:HH:mm:ss}");
        }

        return state.Retrains is { } retrains ? new Rows(top, flow, models, retrains.Table(), alerts) : new Rows(top, flow, models, alerts);
    }

    public static string Line(DemoSnapshot state)
    {
        string models = string.Join(", ", state.Models.Select(model => model.Phase == ModelPhase.Probation
            ? $"{model.ModelKey}: probation {model.Collected}/{model.ProbationTarget}"
            : $"{model.ModelKey}: {model.Phase.ToString().ToLowerInvariant()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"[{state.Elapsed.TotalSeconds,3:F0} s] produced {state.Produced}, consumed {state.Consumed} ({state.Throughput:F0}/s), lag {state.Lag}, " +
            $"scored {state.Scored}, probation {state.Probation}, dlq {state.DeadLetters}, injected {state.Injected}, " +
            $"alerts {state.AlertsOpened} opened/{state.AlertsResolved} resolved; {models}{(state.Retrains is { } retrains ? "; " + retrains.Line() : "")}");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
