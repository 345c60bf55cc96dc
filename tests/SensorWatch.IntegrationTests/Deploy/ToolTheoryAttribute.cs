namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>A theory that is skipped, with the reason shown, when the external tool it needs is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(string tool)
    {
        Tool = tool;
        if (ExternalTool.UnavailableReason(tool) is { } reason)
        {
            Skip = reason;
        }
    }

    public string Tool { get; }
}
