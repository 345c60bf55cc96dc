namespace SensorWatch.Core.Evaluation;

/// <summary>A labelled anomaly window as row positions, both ends inclusive (<c>Start &lt;= End</c>).</summary>
internal readonly record struct LabelWindow(int Start, int End)
{
    /// <summary>Number of rows in the window.</summary>
    public int Length => End - Start + 1;
}
