using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class ModelRouterTests
{
    private static readonly ModelShape s_pump = new(4, 2);

    private static ModelRouter Router(string? defaultModel, Func<string, bool>? isKnown = null) => new(
        defaultModel,
        [new ModelRule { Pattern = "pump-*", Model = "pump" }, new ModelRule { Pattern = "pump-9*", Model = "never" }],
        key => key == "pump" ? s_pump : null,
        isKnown);

    [Fact]
    public void Resolve_FirstMatchingRuleWins()
    {
        Assert.Equal(new ModelResolution("pump", s_pump), Router("default").Resolve("pump-91", null));
    }

    [Fact]
    public void Resolve_NoRule_FallsBackToDefaultOrUnknown()
    {
        Assert.Equal(new ModelResolution("default", null), Router("default").Resolve("fan-1", null));
        Assert.Null(Router("").Resolve("fan-1", null).ModelKey);
        Assert.Null(Router(null).Resolve("fan-1", null).ModelKey);
    }

    [Fact]
    public void Resolve_ExplicitModel_BeatsRulesAndMustBeKnown()
    {
        Assert.Equal("fan", Router("default").Resolve("pump-1", "fan").ModelKey);
        Assert.Null(Router("default", key => key == "pump").Resolve("pump-1", "fan").ModelKey);
        Assert.Equal("pump", Router("default", key => key == "pump").Resolve("x", "pump").ModelKey);
    }
}
