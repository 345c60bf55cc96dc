using Microsoft.Extensions.Options;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

public sealed class TelemetryOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryFieldBad_ListsEveryError()
    {
        TelemetryOptions options = new()
        {
            BindAddress = "not-an-ip",
            Port = 70000,
            LivenessBudgetSeconds = 0,
            OtlpEndpoint = "::nope",
            ServiceName = " ",
            LogFormat = "xml",
        };

        ValidateOptionsResult result = new TelemetryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(6, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("BindAddress", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("LogFormat", StringComparison.Ordinal));
    }
}
