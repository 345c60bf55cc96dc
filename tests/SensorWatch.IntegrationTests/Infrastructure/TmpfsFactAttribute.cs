namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>A fact that needs <see cref="SmallTmpfs"/>; reported SKIPPED with the reason where no tmpfs can be mounted.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (SmallTmpfs.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
