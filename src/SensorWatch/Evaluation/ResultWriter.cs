using System.Globalization;
using System.Text;

namespace SensorWatch.Evaluation;

/// <summary>Writes replay scores in the layouts the reference scorers read.</summary>
internal static class ResultWriter
{
    /// <summary>NAB: <c>&lt;out&gt;/&lt;category&gt;/&lt;name&gt;.csv</c> with timestamp, value, anomaly_score and SensorWatch's alert decisions.</summary>
    public static void WriteNab(string outputDirectory, NabFile file, ReplayResult result)
    {
        string path = Path.Combine(outputDirectory, file.Key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        StringBuilder text = new("timestamp,value,anomaly_score,raw_score,anomalous,alert\n");
        for (int i = 0; i < file.Values.Length; i++)
        {
            text.Append(file.Timestamps[i]).Append(',')
                .Append(file.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(result.Scores[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(double.IsNaN(result.DetectorScores[i]) ? string.Empty : result.DetectorScores[i].ToString("G9", CultureInfo.InvariantCulture)).Append(',')
                .Append(result.Anomalous[i] ? '1' : '0').Append(',')
                .Append(result.Alerts[i]).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>One score per row in <c>&lt;out&gt;/&lt;name&gt;.txt</c>, plus alert decisions in <c>&lt;name&gt;.alerts.csv</c>.</summary>
    public static void WriteRowScores(string outputDirectory, string name, ReplayResult result)
    {
        StringBuilder scores = new();
        StringBuilder alerts = new("row,anomaly_score,anomalous,alert\n");
        for (int i = 0; i < result.Scores.Length; i++)
        {
            string score = result.Scores[i].ToString("R", CultureInfo.InvariantCulture);
            scores.Append(score).Append('\n');
            alerts.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',').Append(score).Append(',')
                .Append(result.Anomalous[i] ? '1' : '0').Append(',').Append(result.Alerts[i]).Append('\n');
        }

        File.WriteAllText(Path.Combine(outputDirectory, name + ".txt"), scores.ToString());
        File.WriteAllText(Path.Combine(outputDirectory, name + ".alerts.csv"), alerts.ToString());
    }
}
