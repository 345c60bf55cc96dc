using SensorWatch.Configuration;

namespace SensorWatch.IntegrationTests.Configuration;

public sealed class MessageLimitsOptionsTests
{
    [Fact]
    public void Validate_Defaults_HasNoErrors()
    {
        Assert.Empty(new MessageLimitsOptions().Validate());
    }

    [Fact]
    public void Validate_EveryFieldWrong_ListsEveryOneWithItsPath()
    {
        MessageLimitsOptions limits = new()
        {
            MaxPayloadBytes = 1,
            MaxKeyBytes = 0,
            MaxHeaderBytes = -1,
            MaxDepth = 2,
            MaxWindowLength = 0,
            MaxFeatures = 0,
            MaxStringBytes = 1,
            MaxAbsValue = double.NaN,
            Subnormals = (SubnormalPolicy)9,
            MaxMissingFraction = 1.5,
            MaxFutureSkew = TimeSpan.FromSeconds(-1),
            MaxAge = TimeSpan.FromSeconds(-1),
            MaxIntervalMs = 0,
            MaxDeadLetterValueBytes = -5,
        };
        IReadOnlyList<string> errors = limits.Validate();

        string[] fields =
        [
            "MaxPayloadBytes", "MaxKeyBytes", "MaxHeaderBytes", "MaxDepth", "MaxWindowLength", "MaxFeatures", "MaxStringBytes", "MaxAbsValue",
            "Subnormals", "MaxMissingFraction", "MaxFutureSkew", "MaxAge", "MaxIntervalMs", "MaxDeadLetterValueBytes",
        ];
        foreach (string field in fields)
        {
            Assert.Contains(errors, e => e.StartsWith($"Scorer:Limits:{field} ", StringComparison.Ordinal));
        }

        Assert.Equal(fields.Length, errors.Count);
    }

    [Fact]
    public void Validate_ProductOfCapsTooLarge_IsReported()
    {
        string error = Assert.Single(new MessageLimitsOptions { MaxWindowLength = 1_000_000, MaxFeatures = 1000 }.Validate());
        Assert.Contains("MaxWindowLength×MaxFeatures", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReadingsOptions_ListsEveryError()
    {
        IReadOnlyList<string> errors = new ReadingsOptions { WindowLength = 0, Stride = 0, MaxSensors = 0 }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Scorer:Readings:Stride", StringComparison.Ordinal));
        Assert.Empty(new ReadingsOptions().Validate());
    }
}
