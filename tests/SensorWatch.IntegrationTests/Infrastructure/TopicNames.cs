namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>Unique, valid Kafka topic and group names, so tests never share state.</summary>
public static class TopicNames
{
    /// <summary>"<paramref name="prefix"/>-&lt;12 hex chars&gt;", e.g. "windows-3f2a9c1b7d4e".</summary>
    public static string Unique(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
