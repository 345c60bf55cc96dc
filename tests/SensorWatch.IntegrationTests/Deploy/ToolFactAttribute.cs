namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>A fact that is skipped, with the reason shown, when the external tool it needs is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        Tool = tool;
        if (ExternalTool.UnavailableReason(tool) is { } reason)
        {
            Skip = reason;
        }
    }

    public string Tool { get; }
}
