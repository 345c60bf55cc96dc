using System.Diagnostics.Metrics;
using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

/// <summary>
/// The Prometheus names the OpenTelemetry Prometheus exporter gives SensorWatch's instruments, derived from
/// the live instrument list (name, unit, kind) by the exporter's rules: dots to underscores, unit suffix
/// (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; <c>1</c> and <c>{annotations}</c> dropped), <c>_total</c>
/// on counters, <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series for histograms. A test checks the rules against
/// the exporter's real output, so dashboards and rules can be checked against this list offline.
/// </summary>
internal static class PrometheusNames
{
    /// <summary>Every series name a query may use, mapped to its metric family name.</summary>
    public static IReadOnlyDictionary<string, string> SeriesOfSensorWatch()
    {
        Dictionary<string, string> series = new(StringComparer.Ordinal);
        foreach ((string family, bool histogram) in FamiliesOfSensorWatch())
        {
            if (histogram)
            {
                series[family + "_bucket"] = family;
                series[family + "_sum"] = family;
                series[family + "_count"] = family;
            }
            else
            {
                series[family] = family;
            }
        }

        return series;
    }

    /// <summary>Metric family names (as in <c># TYPE</c> lines) of every SensorWatch instrument.</summary>
    public static IReadOnlyList<(string Family, bool Histogram)> FamiliesOfSensorWatch()
    {
        using SensorWatchTelemetry telemetry = new($"SensorWatch.Names.{Guid.NewGuid():N}");
        List<(string, bool)> families = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                families.Add((Family(instrument), IsHistogram(instrument)));
            }
        };
        listener.Start();
        return families;
    }

    public static string Family(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        string name = Sanitize(instrument.Name) + UnitSuffix(instrument.Unit);
        return IsCounter(instrument) ? name + "_total" : name;
    }

    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrEmpty(unit) || unit == "1" || (unit.StartsWith('{') && unit.EndsWith('}')))
        {
            return "";
        }

        return unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "_" + Sanitize(unit),
        };
    }

    private static string Sanitize(string name)
    {
        char[] chars = [.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_')];
        string text = new(chars);
        while (text.Contains("__", StringComparison.Ordinal))
        {
            text = text.Replace("__", "_", StringComparison.Ordinal);
        }

        return text;
    }

    private static bool IsCounter(Instrument instrument)
    {
        Type type = instrument.GetType();
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Counter<>) || type.GetGenericTypeDefinition() == typeof(ObservableCounter<>));
    }

    private static bool IsHistogram(Instrument instrument)
    {
        Type type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
    }
}
