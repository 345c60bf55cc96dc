using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Which scored windows go to the samples topic: deterministic per window, the configured share, alert windows always.</summary>
public sealed class SampleSelectionTests
{
    private const long Start = 1_795_000_000_000;
    private const long Stride = 16_000;   // stride-16 windows at 1 s

    [Fact]
    public void Hash_PinnedValue_StableAcrossProcessesAndVersions()
    {
        // Replicas (and replays) must agree on every window: the hash may never depend on the process or change silently.
        Assert.Equal(SampleSelection.Hash("pump-1", Start), SampleSelection.Hash("pump-1", Start));
        Assert.Equal(0x991A_CB38_30F2_E24CUL, SampleSelection.Hash("pump-1", Start));
    }

    [Fact]
    public void Takes_SameWindow_SameChoiceInEveryInstance()
    {
        SampleSelection first = new(0.25);
        SampleSelection second = new(0.25);

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(first.Takes($"s-{i % 7}", Start + (i * Stride), false, false), second.Takes($"s-{i % 7}", Start + (i * Stride), false, false));
        }
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.05)]
    [InlineData(0.9)]
    public void Takes_NormalWindows_ThatShareOfEverySensor(double fraction)
    {
        SampleSelection selection = new(fraction);
        int total = 0;
        for (int sensor = 0; sensor < 20; sensor++)
        {
            int taken = Enumerable.Range(0, 2000).Count(i => selection.Takes($"pump-{sensor}", Start + (i * Stride), false, false));
            Assert.InRange(taken / 2000.0, fraction - 0.04, fraction + 0.04);   // deterministic: fixed ids and times
            total += taken;
        }

        Assert.InRange(total / 40000.0, fraction - 0.01, fraction + 0.01);
    }

    [Fact]
    public void Takes_AnomalousOrAlertOpen_AlwaysEvenAtFractionZero()
    {
        SampleSelection none = new(0);
        SampleSelection all = new(1);

        Assert.All(Enumerable.Range(0, 500), i =>
        {
            long start = Start + (i * Stride);
            Assert.False(none.Takes("s", start, anomalous: false, alertOpen: false));
            Assert.True(none.Takes("s", start, anomalous: true, alertOpen: false));
            Assert.True(none.Takes("s", start, anomalous: false, alertOpen: true));
            Assert.True(all.Takes("s", start, anomalous: false, alertOpen: false));
        });
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Constructor_FractionOutsideZeroToOne_Throws(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleSelection(fraction));
}
