using SensorWatch.Core.Evaluation;

namespace SensorWatch.Evaluation;

/// <summary>One NAB data file: its rows in file order and its labelled windows as row positions.</summary>
/// <param name="Key">The corpus key <c>&lt;category&gt;/&lt;name&gt;.csv</c>.</param>
/// <param name="Timestamps">(N) timestamps as written in the file.</param>
/// <param name="Values">(N) readings.</param>
/// <param name="Windows">Labelled windows, sorted, both ends inclusive.</param>
internal sealed record NabFile(string Key, IReadOnlyList<string> Timestamps, double[] Values, IReadOnlyList<LabelWindow> Windows)
{
    /// <summary>Rows of the probationary period (NAB's rule: 15 %, capped at 750).</summary>
    public int ProbationLength => NabScorer.ProbationLength(Values.Length);
}
