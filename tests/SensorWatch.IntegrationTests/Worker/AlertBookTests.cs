using Confluent.Kafka;
using SensorWatch.Core.Alerting;
using SensorWatch.Roles.Scorer;
using SensorWatch.Roles.Scorer.State;

namespace SensorWatch.IntegrationTests.Worker;

public sealed class AlertBookTests
{
    private static readonly TopicPartitionOffset s_p0 = new("windows", 0, 0);
    private static readonly TopicPartitionOffset s_p1 = new("windows", 1, 0);

    [Fact]
    public void Observe_QuietWindowsAfterTheFirst_NoCheckpointDue()
    {
        AlertBook book = new(new AlertPolicy(2, 2), transactional: false);

        book.Observe("s", "m", s_p0, Window(0, false), out bool first);
        book.Observe("s", "m", s_p0, Window(1, false), out bool second);
        book.Observe("s", "m", s_p0, Window(2, true), out bool anomalous);

        Assert.True(first, "a new sensor's first state is checkpointed");
        Assert.False(second);
        Assert.True(anomalous);
    }

    [Fact]
    public void Restore_OpenCheckpoint_ContinuesTheSameAlert()
    {
        AlertBook writer = new(new AlertPolicy(2, 2), transactional: false);
        writer.Observe("s", "m", s_p1, Window(0, true), out _);
        string? id = writer.Observe("s", "m", s_p1, Window(1, true), out _).AlertId;
        AlertCheckpoint checkpoint = writer.Checkpoint("s");

        AlertBook reader = new(new AlertPolicy(2, 2), transactional: false);
        reader.Restore(checkpoint);
        Assert.Equal(AlertTransitionKind.Replay, reader.Observe("s", "m", s_p1, Window(1, true), out _).Kind);
        Assert.Equal(AlertTransitionKind.None, reader.Observe("s", "m", s_p1, Window(2, true), out _).Kind);
        reader.Observe("s", "m", s_p1, Window(3, false), out _);
        AlertTransition resolved = reader.Observe("s", "m", s_p1, Window(4, false), out _);

        Assert.Equal((AlertTransitionKind.Resolved, id), (resolved.Kind, resolved.AlertId));
        Assert.Equal(("windows", 1), (checkpoint.Topic, checkpoint.Partition));
    }

    [Fact]
    public void Forget_RevokedPartition_DropsOnlyItsSensors()
    {
        AlertBook book = new(new AlertPolicy(2, 2), transactional: false);
        book.Observe("a", "m", s_p0, Window(0, false), out _);
        book.Observe("b", "m", s_p1, Window(0, false), out _);

        Assert.Equal(1, book.Forget([s_p0.TopicPartition]));
        Assert.False(book.TryGetSensor("a", out _, out _));
        Assert.True(book.TryGetSensor("b", out _, out _));
    }

    [Fact]
    public void SetMaintenance_UntrackedSensor_AppliedWhenItsWindowsArrive()
    {
        AlertBook book = new(new AlertPolicy(1, 1), transactional: false);

        book.SetMaintenance("s", muted: true, out bool tracked, out _);
        Assert.False(tracked);
        AlertTransition first = book.Observe("s", "m", s_p0, Window(0, true), out _);

        Assert.Equal(AlertTransitionKind.None, first.Kind);
        Assert.True(book.IsMuted("s"));
    }

    [Fact]
    public void SetMaintenance_OpenAlert_ResolvesByMaintenanceAndSurvivesRollback()
    {
        AlertBook book = new(new AlertPolicy(1, 1), transactional: true);
        string? id = book.Observe("s", "m", s_p0, Window(0, true), out _).AlertId;
        book.Commit();

        AlertTransition resolved = book.SetMaintenance("s", muted: true, out bool tracked, out bool changed);
        Assert.True(tracked && changed);
        Assert.Equal((AlertTransitionKind.Resolved, id, true), (resolved.Kind, resolved.AlertId, resolved.ByMaintenance));

        book.Rollback();                                   // an exactly-once abort undoes the mute...
        Assert.False(book.IsMuted("s"));
        AlertTransition again = book.Observe("s", "m", s_p0, Window(1, true), out _);
        Assert.Equal((AlertTransitionKind.Resolved, id), (again.Kind, again.AlertId));   // ...and the next window redoes it
        Assert.True(book.IsMuted("s"));
    }

    private static WindowVerdict Window(int index, bool anomalous) =>
        new(index * 1000L, (index + 1) * 1000L, anomalous, anomalous ? 10 : 1, 5, anomalous ? 50 : 0);
}
