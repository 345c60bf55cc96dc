namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>A theory that needs a Docker engine: reported SKIPPED, with the reason, when there is none.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
    {
        if (!DockerAvailability.IsAvailable)
        {
            Skip = DockerAvailability.UnavailableReason;
        }
    }
}
