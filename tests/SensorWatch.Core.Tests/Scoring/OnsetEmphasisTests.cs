using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class OnsetEmphasisTests
{
    [Fact]
    public void Next_SustainedExcursion_KeepsOnlyRisingRows()
    {
        OnsetEmphasis onset = new(3, 0.0);
        double[] input = [0.1, 0.9, 0.9, 0.8, 0.1, 0.1, 0.1, 0.1, 0.85];
        double[] output = [.. input.Select(onset.Next)];
        Assert.Equal([0.1, 0.9, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.85], output); // row 7 ties its recent max: damped
    }

    [Fact]
    public void Next_Damping_ScalesSuppressedRows()
    {
        OnsetEmphasis onset = new(5, 0.5);
        Assert.Equal(0.8, onset.Next(0.8));
        Assert.Equal(0.3, onset.Next(0.6));
        Assert.Equal(0.9, onset.Next(0.9));
    }

    [Fact]
    public void Next_ZeroRefractory_PassesEverything()
    {
        OnsetEmphasis onset = new(0, 0.0);
        Assert.Equal([0.5, 0.5, 0.4], new[] { 0.5, 0.5, 0.4 }.Select(onset.Next));
    }

    [Fact]
    public void Next_MatchesNaiveRecentMaximum()
    {
        Random random = new(4);
        double[] input = [.. Enumerable.Range(0, 500).Select(_ => random.NextDouble())];
        OnsetEmphasis onset = new(7, 0.25);
        for (int t = 0; t < input.Length; t++)
        {
            double recent = Enumerable.Range(Math.Max(0, t - 7), t - Math.Max(0, t - 7)).Select(i => input[i]).DefaultIfEmpty(double.NegativeInfinity).Max();
            Assert.Equal(input[t] > recent ? input[t] : input[t] * 0.25, onset.Next(input[t]));
        }
    }

    [Fact]
    public void Next_HalfLife_BigPeakSuppressesSmallerOneLonger()
    {
        OnsetEmphasis onset = new(0, 0.0, halfLifeRows: 10);
        Assert.Equal(1.0, onset.Next(1.0));
        for (int i = 0; i < 9; i++)
        {
            onset.Next(0.0);
        }

        Assert.Equal(0.0, onset.Next(0.45)); // after 10 rows the peak has decayed to 0.5
        Assert.Equal(0.55, onset.Next(0.55));
    }
}
