using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SensorWatch.Telemetry;

/// <summary>
/// Operator feedback instruments: verdicts per model key, version and verdict, and the live precision
/// confirmed / (confirmed + false positives) per model key and version, counted by the replica that owns the sensor.
/// </summary>
internal sealed partial class SensorWatchTelemetry
{
    private const int VersionLimit = 64;

    private readonly CardinalityGuard _versions = new(VersionLimit);
    private readonly ConcurrentDictionary<(string ModelKey, string Version), VerdictCounts> _verdictCounts = new();
    private Counter<long>? _feedbackVerdicts;

    /// <summary>Counts one operator verdict on an alert of <paramref name="modelKey"/> at <paramref name="modelVersion"/>.</summary>
    public void RecordFeedbackVerdict(string modelKey, string modelVersion, bool confirmed)
    {
        string key = _modelKeys.Admit(modelKey);
        string version = _versions.Admit(modelVersion);
        _feedbackVerdicts!.Add(1, new TagList
        {
            { TelemetryTags.ModelKey, key },
            { TelemetryTags.ModelVersion, version },
            { TelemetryTags.Verdict, confirmed ? "confirmed" : "false_positive" },
        });
        VerdictCounts counts = _verdictCounts.GetOrAdd((key, version), static _ => new VerdictCounts());
        if (confirmed)
        {
            Interlocked.Increment(ref counts.Confirmed);
        }
        else
        {
            Interlocked.Increment(ref counts.FalsePositives);
        }
    }

    /// <summary>The live precision of a model key and version (NaN before any verdict).</summary>
    public double Precision(string modelKey, string modelVersion)
    {
        if (!_verdictCounts.TryGetValue((_modelKeys.Admit(modelKey), _versions.Admit(modelVersion)), out VerdictCounts? counts))
        {
            return double.NaN;
        }

        long confirmed = Interlocked.Read(ref counts.Confirmed);
        long total = confirmed + Interlocked.Read(ref counts.FalsePositives);
        return total == 0 ? double.NaN : (double)confirmed / total;
    }

    private void CreateFeedbackInstruments()
    {
        _feedbackVerdicts = Meter.CreateCounter<long>(InstrumentNames.FeedbackVerdicts, "{verdict}",
            "Operator verdicts on alerts (sensor.feedback) by model key, model version and verdict (confirmed, false_positive).");
        Meter.CreateObservableGauge(InstrumentNames.AlertPrecision, ObservePrecision, "1",
            "Live alert precision per model key and version: confirmed / (confirmed + false positives) among operator verdicts.");
    }

    private IEnumerable<Measurement<double>> ObservePrecision()
    {
        foreach (KeyValuePair<(string ModelKey, string Version), VerdictCounts> entry in _verdictCounts)
        {
            long confirmed = Interlocked.Read(ref entry.Value.Confirmed);
            long total = confirmed + Interlocked.Read(ref entry.Value.FalsePositives);
            if (total > 0)
            {
                yield return new Measurement<double>((double)confirmed / total, new TagList
                {
                    { TelemetryTags.ModelKey, entry.Key.ModelKey },
                    { TelemetryTags.ModelVersion, entry.Key.Version },
                });
            }
        }
    }

    private sealed class VerdictCounts
    {
        public long Confirmed;
        public long FalsePositives;
    }
}
