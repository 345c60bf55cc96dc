namespace SensorWatch.Configuration;

/// <summary>
/// Routes sensors to a model key by sensorId pattern (section <c>Scorer:ModelRules</c>). The pattern is a glob over the
/// whole id: <c>*</c> matches any run of characters, <c>?</c> one character, everything else itself (case-sensitive).
/// Rules are tried in order; the first match wins.
/// </summary>
internal sealed class ModelRule
{
    /// <summary>Glob over sensorId, e.g. <c>pump-*</c>.</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>The model key for matching sensors.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>True when <paramref name="sensorId"/> matches <see cref="Pattern"/> (iterative glob, O(|pattern|·|id|) worst case).</summary>
    public bool Matches(string sensorId) => Glob.IsMatch(Pattern, sensorId);
}
