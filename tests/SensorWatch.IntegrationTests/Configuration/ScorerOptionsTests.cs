using SensorWatch.Configuration;

namespace SensorWatch.IntegrationTests.Configuration;

public sealed class ScorerOptionsTests
{
    [Fact]
    public void Validate_Defaults_HasNoErrors()
    {
        Assert.Empty(new ScorerOptions().Validate());
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOneWithItsPath()
    {
        ScorerOptions options = new()
        {
            BatchSize = 0,
            MaxBatchDelay = TimeSpan.FromMinutes(1),
            OpenAfter = 0,
            ResolveAfter = -1,
            ProbationWindows = 0,
            ModelRules = [new ModelRule { Pattern = "", Model = "" }],
            Limits = new MessageLimitsOptions { MaxDepth = 1, MaxMissingFraction = 2, MaxAbsValue = double.PositiveInfinity, MaxWindowLength = 10 },
            Readings = new ReadingsOptions { WindowLength = 64, Stride = 65 },
        };
        IReadOnlyList<string> errors = options.Validate();

        string[] expected =
        [
            "Scorer:BatchSize", "Scorer:MaxBatchDelay", "Scorer:OpenAfter", "Scorer:ResolveAfter", "Scorer:ProbationWindows",
            "Scorer:ModelRules:0:Pattern", "Scorer:ModelRules:0:Model", "Scorer:Limits:MaxDepth", "Scorer:Limits:MaxMissingFraction",
            "Scorer:Limits:MaxAbsValue", "Scorer:Readings:Stride", "Scorer:Readings:WindowLength (64) exceeds",
        ];
        foreach (string prefix in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, errors.Count);
    }

    [Fact]
    public void AlertPolicy_ReflectsOptions()
    {
        Assert.Equal(new Core.Alerting.AlertPolicy(2, 4, 10), new ScorerOptions { OpenAfter = 2, ResolveAfter = 4, SeverityStep = 10 }.AlertPolicy());
    }
}
