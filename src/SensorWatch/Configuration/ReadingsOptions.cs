namespace SensorWatch.Configuration;

/// <summary>Section <c>Scorer:Readings</c>: how single readings are assembled into windows.</summary>
internal sealed class ReadingsOptions
{
    /// <summary>T: readings per window.</summary>
    public int WindowLength { get; set; } = 64;

    /// <summary>S: readings between the starts of consecutive windows (1 ≤ S ≤ T; S = T gives tumbling windows).</summary>
    public int Stride { get; set; } = 16;

    /// <summary>Most sensors with an open window; beyond it the least recently updated sensor is evicted.</summary>
    public int MaxSensors { get; set; } = 10_000;

    /// <summary>Every invalid setting.</summary>
    public IReadOnlyList<string> Validate(string section = "Scorer:Readings")
    {
        List<string> errors = [];
        if (WindowLength is < 1 or > 100_000)
        {
            errors.Add($"{section}:WindowLength must be 1 to 100,000 (got {WindowLength}).");
        }

        if (Stride < 1 || Stride > WindowLength)
        {
            errors.Add($"{section}:Stride must be 1 to WindowLength ({WindowLength}) (got {Stride}).");
        }

        if (MaxSensors is < 1 or > 10_000_000)
        {
            errors.Add($"{section}:MaxSensors must be 1 to 10,000,000 (got {MaxSensors}).");
        }

        return errors;
    }
}
