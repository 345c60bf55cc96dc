namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>A fact that needs a Docker engine: reported SKIPPED, with the reason, when there is none.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerAvailability.IsAvailable)
        {
            Skip = DockerAvailability.UnavailableReason;
        }
    }
}
