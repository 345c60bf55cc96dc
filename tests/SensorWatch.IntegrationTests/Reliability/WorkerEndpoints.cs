using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SensorWatch.IntegrationTests.Infrastructure;

namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>
/// The operations endpoints of a child worker (<c>/metrics</c>, <c>/alive</c>, <c>/health</c>), found through the
/// address it logs at start. Metric values are summed over every label set of a family.
/// </summary>
internal sealed partial class WorkerEndpoints : IDisposable
{
    private readonly HttpClient _http;

    private WorkerEndpoints(Uri address)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
    }

    public static async Task<WorkerEndpoints> FindAsync(SensorWatchProcess worker)
    {
        string line = await worker.WaitForLineAsync(text => text.Contains("Telemetry endpoints listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        return new WorkerEndpoints(new Uri(AddressPattern().Match(line).Value));
    }

    /// <summary>The status code of <c>/alive</c>.</summary>
    public async Task<HttpStatusCode> AliveAsync()
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri("/alive", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>The status code of <c>/health</c> (readiness).</summary>
    public async Task<HttpStatusCode> HealthAsync()
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri("/health", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>The sum over all series of a metric family (e.g. <c>sensorwatch_dead_letters_total</c>); 0 when absent.</summary>
    public async Task<double> MetricAsync(string family)
    {
        string text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        double sum = 0;
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith(family, StringComparison.Ordinal) && line.Length > family.Length && line[family.Length] is ' ' or '{')
            {
                string value = line[(line.LastIndexOf('}') is >= 0 and int brace ? brace + 1 : family.Length)..].Trim().Split(' ')[0];
                sum += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>The whole <c>/metrics</c> text (to check labels).</summary>
    public Task<string> MetricsTextAsync() => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"http://[0-9.]+:[0-9]+")]
    private static partial Regex AddressPattern();
}
