using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SensorWatch.Telemetry;

/// <summary>
/// Process CPU and memory as observable instruments (semantic-convention <c>process.*</c> names), read from
/// <see cref="Process"/> at each collection (the OpenTelemetry process instrumentation package is not available).
/// </summary>
internal static class ProcessMetrics
{
    private static readonly Lock s_gate = new();

    public static void Register(Meter meter)
    {
        using Process current = Process.GetCurrentProcess();
        DateTime started = current.StartTime.ToUniversalTime();
        meter.CreateObservableCounter(InstrumentNames.ProcessCpuTime, ObserveCpu, "s", "CPU time used by the process, by mode.");
        meter.CreateObservableUpDownCounter(InstrumentNames.ProcessMemoryUsage, () => Read(p => p.WorkingSet64), "By", "Physical memory (working set) of the process.");
        meter.CreateObservableUpDownCounter(InstrumentNames.ProcessMemoryVirtual, () => Read(p => p.VirtualMemorySize64), "By", "Virtual memory committed by the process.");
        meter.CreateObservableUpDownCounter(InstrumentNames.ProcessThreadCount, () => Read(p => (long)p.Threads.Count), "{thread}", "Operating-system threads of the process.");
        meter.CreateObservableGauge(InstrumentNames.ProcessUptime, () => (DateTime.UtcNow - started).TotalSeconds, "s", "Time since the process started.");
    }

    private static Measurement<double>[] ObserveCpu()
    {
        lock (s_gate)
        {
            using Process process = Process.GetCurrentProcess();
            return
            [
                new Measurement<double>(process.UserProcessorTime.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.CpuMode, "user")),
                new Measurement<double>(process.PrivilegedProcessorTime.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.CpuMode, "system")),
            ];
        }
    }

    private static long Read(Func<Process, long> selector)
    {
        lock (s_gate)
        {
            using Process process = Process.GetCurrentProcess();
            return selector(process);
        }
    }
}
