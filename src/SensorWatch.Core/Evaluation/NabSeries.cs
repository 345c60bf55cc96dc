namespace SensorWatch.Core.Evaluation;

/// <summary>One scored NAB file: its anomaly scores (one per row, file order) and its labelled windows.</summary>
/// <param name="Name">The corpus key, e.g. <c>realTweets/Twitter_volume_AAPL.csv</c>.</param>
/// <param name="Scores">(N) anomaly scores, higher = more anomalous; a row is a detection when score &gt;= threshold.</param>
/// <param name="Windows">Labelled windows as row positions, sorted, disjoint.</param>
internal sealed record NabSeries(string Name, IReadOnlyList<double> Scores, IReadOnlyList<LabelWindow> Windows);
