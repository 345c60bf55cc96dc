using System.Text.Json;
using SensorWatch.Core.Alerting;

namespace SensorWatch.Core.Tests.Alerting;

public sealed class AlertStateMachineTests
{
    private const long Step = 60_000;

    [Fact]
    public void Observe_KAnomalousInARow_OpensOnTheKth()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 3, ResolveAfter: 2));
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(0, true, 50)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(1, true, 50)).Kind);
        AlertTransition open = machine.Observe(Window(2, true, 60));

        Assert.Equal(AlertTransitionKind.Open, open.Kind);
        Assert.Equal(AlertIds.Create("s1", "pump", 0), open.AlertId);
        Assert.Equal(60, open.Severity);
        Assert.Equal(3 * Step, open.OpenedAtMs);
        Assert.True(machine.IsOpen);
    }

    [Fact]
    public void Observe_NormalWindowInsideRun_ResetsTheRun()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 2, ResolveAfter: 2));
        machine.Observe(Window(0, true, 50));
        machine.Observe(Window(1, false, 0));
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(2, true, 50)).Kind);
        AlertTransition open = machine.Observe(Window(3, true, 50));

        Assert.Equal(AlertTransitionKind.Open, open.Kind);
        Assert.Equal(AlertIds.Create("s1", "pump", 2 * Step), open.AlertId);
    }

    [Fact]
    public void Observe_OpenAlert_IsNotResentEveryWindowButUpdatesOnMaterialRise()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 1, ResolveAfter: 2, SeverityStep: 15));
        Assert.Equal(AlertTransitionKind.Open, machine.Observe(Window(0, true, 40)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(1, true, 54)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(2, true, 20)).Kind);
        Assert.Equal(AlertTransitionKind.Update, machine.Observe(Window(3, true, 55)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(4, true, 60)).Kind);
        Assert.Equal(AlertTransitionKind.Update, machine.Observe(Window(5, true, 70)).Kind);
    }

    [Fact]
    public void Observe_MNormalInARow_ResolvesWithPeakSeverity()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 1, ResolveAfter: 2));
        string? id = machine.Observe(Window(0, true, 40)).AlertId;
        machine.Observe(Window(1, true, 50));
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(2, false, 0)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(3, true, 45)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(4, false, 0)).Kind);
        AlertTransition resolved = machine.Observe(Window(5, false, 0));

        Assert.Equal(AlertTransitionKind.Resolved, resolved.Kind);
        Assert.Equal(id, resolved.AlertId);
        Assert.Equal(50, resolved.Severity);
        Assert.Equal(Step, resolved.OpenedAtMs);
        Assert.False(machine.IsOpen);
    }

    [Fact]
    public void Observe_ReplayedOrOlderWindow_IsIgnored()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 2, ResolveAfter: 1));
        machine.Observe(Window(5, true, 50));
        Assert.Equal(AlertTransitionKind.Replay, machine.Observe(Window(5, true, 50)).Kind);
        Assert.Equal(AlertTransitionKind.Replay, machine.Observe(Window(4, true, 50)).Kind);
        Assert.Equal(1, machine.State.AnomalousRun);
        Assert.Equal(AlertTransitionKind.Open, machine.Observe(Window(6, true, 50)).Kind);
    }

    [Fact]
    public void StartMaintenance_WithOpenAlert_ResolvesAndMutes()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 1, ResolveAfter: 3));
        string? id = machine.Observe(Window(0, true, 70)).AlertId;
        AlertTransition resolved = machine.StartMaintenance();

        Assert.Equal(AlertTransitionKind.Resolved, resolved.Kind);
        Assert.True(resolved.ByMaintenance);
        Assert.Equal(id, resolved.AlertId);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(1, true, 90)).Kind);
        Assert.Equal(AlertTransitionKind.None, machine.Observe(Window(2, true, 90)).Kind);
        machine.EndMaintenance();
        Assert.Equal(AlertTransitionKind.Open, machine.Observe(Window(3, true, 90)).Kind);
    }

    [Fact]
    public void StartMaintenance_WithoutOpenAlert_ReturnsNone()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy());
        Assert.Equal(AlertTransitionKind.None, machine.StartMaintenance().Kind);
        Assert.True(machine.IsMuted);
    }

    [Fact]
    public void State_JsonRoundTrip_ContinuesIdentically()
    {
        AlertPolicy policy = new(OpenAfter: 2, ResolveAfter: 2);
        AlertStateMachine first = new("s1", "pump", policy);
        first.Observe(Window(0, true, 50));
        first.Observe(Window(1, true, 50));
        first.Observe(Window(2, false, 0));
        AlertState restored = JsonSerializer.Deserialize<AlertState>(JsonSerializer.Serialize(first.State))!;
        AlertStateMachine second = new("s1", "pump", policy, restored);

        for (int i = 3; i < 6; i++)
        {
            Assert.Equal(first.Observe(Window(i, false, 0)), second.Observe(Window(i, false, 0)));
        }
    }

    [Fact]
    public void Revision_QuietNormalWindows_StaysButCountersOpenResolveAndMaintenanceMoveIt()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy(OpenAfter: 2, ResolveAfter: 1));
        machine.Observe(Window(0, false, 0));
        machine.Observe(Window(1, false, 0));
        Assert.Equal(0, machine.Revision);                       // only the replay guard moved

        machine.Observe(Window(2, true, 50));                    // run counter 0 -> 1
        Assert.Equal(1, machine.Revision);
        machine.Observe(Window(3, true, 50));                    // open
        Assert.Equal(2, machine.Revision);
        machine.Observe(Window(3, true, 50));                    // replay: nothing
        Assert.Equal(2, machine.Revision);
        machine.Observe(Window(4, true, 50));                    // open, same severity: nothing material
        Assert.Equal(2, machine.Revision);
        machine.Observe(Window(5, false, 0));                    // resolve
        Assert.Equal(3, machine.Revision);
        machine.StartMaintenance();
        machine.EndMaintenance();
        Assert.Equal(5, machine.Revision);
    }

    [Fact]
    public void Constructor_InvalidPolicy_ListsEveryError()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new AlertStateMachine("s", "m", new AlertPolicy(0, 0, 0)));
        Assert.Contains("OpenAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("ResolveAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("SeverityStep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_WindowEndingBeforeStart_Throws()
    {
        AlertStateMachine machine = new("s1", "pump", new AlertPolicy());
        Assert.Throws<ArgumentException>(() => machine.Observe(new WindowVerdict(10, 10, true, 1, 1, 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    public void Observe_SeededRandomSequenceWithReplays_KeepsInvariants(int seed)
    {
        Random random = new(seed);
        AlertPolicy policy = new(OpenAfter: random.Next(1, 4), ResolveAfter: random.Next(1, 4), SeverityStep: 10);
        List<(long Start, bool Anomalous, int Severity)> windows = [];
        bool anomalousRegime = false;
        for (int i = 0; i < 2_000; i++)
        {
            if (random.NextDouble() < 0.08)
            {
                anomalousRegime = !anomalousRegime;
            }

            bool anomalous = anomalousRegime ? random.NextDouble() < 0.85 : random.NextDouble() < 0.05;
            windows.Add((i * Step, anomalous, anomalous ? random.Next(30, 101) : 0));
        }

        List<AlertTransition> clean = Run(policy, windows, random: null);
        List<AlertTransition> replayed = Run(policy, windows, new Random(seed + 1));

        Assert.Equal(clean, replayed);
        Assert.Contains(clean, t => t.Kind == AlertTransitionKind.Open);
        string? open = null;
        HashSet<string> ids = [];
        foreach (AlertTransition transition in clean)
        {
            switch (transition.Kind)
            {
                case AlertTransitionKind.Open:
                    Assert.Null(open);
                    open = transition.AlertId;
                    Assert.True(ids.Add(open!), $"alert id reused (seed {seed})");
                    break;
                case AlertTransitionKind.Update:
                    Assert.Equal(open, transition.AlertId);
                    break;
                case AlertTransitionKind.Resolved:
                    Assert.Equal(open, transition.AlertId);
                    open = null;
                    break;
                default:
                    break;
            }
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(99)]
    public void Observe_RestoreOlderCheckpointAndRedeliver_RepublishesOnlyIdenticalTransitions(int seed)
    {
        // A worker crashes at window `crash`; its last checkpoint is from window `checkpoint` <= crash, and the input is
        // re-delivered from there (at-least-once). Everything published must be a set equal to the clean run's, and every
        // re-published transition must equal one published before the crash (same id, same content).
        Random random = new(seed);
        AlertPolicy policy = new(OpenAfter: 2, ResolveAfter: 3, SeverityStep: 10);
        List<(long Start, bool Anomalous, int Severity)> windows = [];
        for (int i = 0; i < 600; i++)
        {
            bool anomalous = (i / 25) % 2 == 1 ? random.NextDouble() < 0.9 : random.NextDouble() < 0.05;
            windows.Add((i * Step, anomalous, anomalous ? random.Next(20, 101) : 0));
        }

        List<AlertTransition> clean = Run(policy, windows, random: null);
        int crash = random.Next(100, 500);
        int checkpoint = crash - random.Next(0, 60);
        AlertStateMachine first = new("sensor-9", "pump", policy);
        List<AlertTransition> published = [];
        AlertState? saved = null;
        for (int i = 0; i < crash; i++)
        {
            if (i == checkpoint)
            {
                saved = first.State;
            }

            Deliver(first, windows[i], published);
        }

        List<AlertTransition> beforeCrash = [.. published];
        AlertStateMachine restarted = new("sensor-9", "pump", policy, saved);
        for (int i = checkpoint; i < windows.Count; i++)
        {
            Deliver(restarted, windows[i], published);
        }

        Assert.Equal(clean.ToHashSet(), published.ToHashSet());
        foreach (AlertTransition again in published.Skip(beforeCrash.Count).Where(t => t.WindowEndMs <= crash * Step))
        {
            Assert.Contains(again, beforeCrash);
        }
    }

    private static List<AlertTransition> Run(AlertPolicy policy, List<(long Start, bool Anomalous, int Severity)> windows, Random? random)
    {
        // With a generator: each window may be delivered twice, and earlier windows re-delivered (at-least-once).
        AlertStateMachine machine = new("sensor-9", "pump", policy);
        List<AlertTransition> published = [];
        for (int i = 0; i < windows.Count; i++)
        {
            Deliver(machine, windows[i], published);
            if (random is not null && random.NextDouble() < 0.2)
            {
                Deliver(machine, windows[Math.Max(0, i - random.Next(0, 5))], published);
            }
        }

        return published;
    }

    private static void Deliver(AlertStateMachine machine, (long Start, bool Anomalous, int Severity) window, List<AlertTransition> published)
    {
        AlertTransition transition = machine.Observe(new WindowVerdict(window.Start, window.Start + Step, window.Anomalous, window.Anomalous ? 2 : 0.5, 1, window.Severity));
        if (transition.IsPublishable)
        {
            published.Add(transition);
        }
    }

    private static WindowVerdict Window(int index, bool anomalous, int severity) =>
        new(index * Step, (index + 1) * Step, anomalous, anomalous ? 2.0 : 0.5, 1.0, severity);
}
