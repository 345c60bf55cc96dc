namespace SensorWatch.IntegrationTests.Telemetry;

public sealed class PrometheusExportTests
{
    [Fact]
    public async Task Scrape_AfterEveryRecordMethod_ExportsEveryDerivedFamily()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();
        TelemetryRecorder.RecordEverything(host.Telemetry, DateTimeOffset.UtcNow);

        string text = await host.ScrapeAsync();

        HashSet<string> families = ScrapeText.Families(text);
        HashSet<string> series = ScrapeText.SeriesNames(text);
        List<string> missing = [.. PrometheusNames.FamiliesOfSensorWatch().Select(f => f.Family).Where(f => !families.Contains(f))];
        Assert.True(missing.Count == 0, $"derived names not exported: {string.Join(", ", missing)}\nexported: {string.Join(", ", families.Order())}");
        List<string> missingSeries = [.. PrometheusNames.SeriesOfSensorWatch().Keys.Where(s => !series.Contains(s))];
        Assert.True(missingSeries.Count == 0, $"series not exported: {string.Join(", ", missingSeries)}");
    }

    [Fact]
    public async Task Scrape_AfterRecording_HasNoSensorIdLabel()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();
        TelemetryRecorder.RecordEverything(host.Telemetry, DateTimeOffset.UtcNow);

        string text = await host.ScrapeAsync();

        HashSet<string> labels = ScrapeText.LabelNames(text);
        Assert.Contains("sensorwatch_model_key", labels);
        Assert.DoesNotContain(labels, l => l.Contains("sensor_id", StringComparison.OrdinalIgnoreCase)
            || l.Contains("sensorid", StringComparison.OrdinalIgnoreCase)
            || l.Equals("sensor", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("sensor_", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Scrape_ProcessMetrics_ReportPositiveMemoryAndCpu()
    {
        await using TelemetryTestHost host = await TelemetryTestHost.StartAsync();

        string text = await host.ScrapeAsync();

        double memory = SampleValue(text, "process_memory_usage_bytes");
        double cpu = SampleValue(text, "process_cpu_time_seconds_total");
        Assert.True(memory > 1024 * 1024, $"working set {memory} bytes");
        Assert.True(cpu > 0, $"cpu {cpu} s");
    }

    private static double SampleValue(string text, string series)
    {
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no sample of {series} in:\n{text}");
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
