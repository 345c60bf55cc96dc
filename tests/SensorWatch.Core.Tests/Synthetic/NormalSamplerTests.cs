using SensorWatch.Core.Synthetic;

namespace SensorWatch.Core.Tests.Synthetic;

public sealed class NormalSamplerTests
{
    [Fact]
    public void Next_ManyDraws_StandardNormalMoments()
    {
        NormalSampler sampler = new(new Random(3));
        const int N = 200_000;
        double sum = 0;
        double sumSquares = 0;
        int beyondTwo = 0;
        for (int i = 0; i < N; i++)
        {
            double x = sampler.Next();
            sum += x;
            sumSquares += x * x;
            beyondTwo += Math.Abs(x) > 2 ? 1 : 0;
        }

        double mean = sum / N;
        Assert.InRange(mean, -0.01, 0.01);                       // standard error 0.0022
        Assert.InRange((sumSquares / N) - (mean * mean), 0.98, 1.02);
        Assert.InRange(beyondTwo / (double)N, 0.0435, 0.0475);  // P(|Z| > 2) = 0.0455
    }

    [Fact]
    public void Next_SameSeed_SameSequence()
    {
        NormalSampler first = new(new Random(9));
        NormalSampler second = new(new Random(9));

        Assert.Equal(Enumerable.Range(0, 101).Select(_ => first.Next()), Enumerable.Range(0, 101).Select(_ => second.Next()));
    }
}
