using SensorWatch.Roles.Scorer.Feedback;

namespace SensorWatch.IntegrationTests.Worker.Feedback;

public sealed class RecentAlertsTests
{
    [Fact]
    public void Record_SameAlertSeveralWindows_KeepsSpanAndHighestScore()
    {
        RecentAlerts alerts = new();
        alerts.Record("a1", "s1", "pump", "v1", 100, 200, 5.0);
        alerts.Record("a1", "s1", "pump", "v1", 150, 300, 7.0);
        alerts.Record("a1", "s1", "pump", "v1", 250, 400, double.NaN);

        RecentAlert alert = alerts.Find("a1")!;
        Assert.Equal((100L, 400L, 7.0), (alert.StartMs, alert.EndMs, alert.MaxScore));
    }

    [Fact]
    public void Find_BySensorAndWindow_NewestOverlappingAlert()
    {
        RecentAlerts alerts = new();
        alerts.Record("old", "s1", "pump", "v1", 0, 100, 1.0);
        alerts.Record("new", "s1", "pump", "v1", 500, 600, 2.0);
        alerts.Record("other", "s2", "pump", "v1", 500, 600, 3.0);

        Assert.Equal("new", alerts.Find("s1", 550, 560)!.AlertId);
        Assert.Equal("old", alerts.Find("s1", 50, 51)!.AlertId);
        Assert.Null(alerts.Find("s1", 200, 300));
    }

    [Fact]
    public void Record_OverCapacity_ForgetsTheOldest()
    {
        RecentAlerts alerts = new(capacity: 2);
        alerts.Record("a", "s", "m", "v", 0, 1, 1);
        alerts.Record("b", "s", "m", "v", 1, 2, 1);
        alerts.Record("c", "s", "m", "v", 2, 3, 1);

        Assert.Null(alerts.Find("a"));
        Assert.NotNull(alerts.Find("c"));
        Assert.Equal(2, alerts.Count);
    }
}
