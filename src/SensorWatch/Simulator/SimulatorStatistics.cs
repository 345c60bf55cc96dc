namespace SensorWatch.Simulator;

/// <summary>A snapshot of a running or finished simulation.</summary>
/// <param name="Produced">Messages handed to the producer (windows or readings; truth messages not counted).</param>
/// <param name="Delivered">Of those, acknowledged by the broker.</param>
/// <param name="Failed">Of those, failed delivery (see <see cref="LastError"/>).</param>
/// <param name="Bytes">Payload bytes produced.</param>
/// <param name="Anomalies">Anomalies injected so far.</param>
/// <param name="Elapsed">Wall-clock time since the run started.</param>
/// <param name="SimulatedTime">Sensor time covered by the messages produced so far (per sensor).</param>
/// <param name="LastError">Last delivery error, if any.</param>
internal readonly record struct SimulatorStatistics(
    long Produced,
    long Delivered,
    long Failed,
    long Bytes,
    long Anomalies,
    TimeSpan Elapsed,
    TimeSpan SimulatedTime,
    string? LastError)
{
    /// <summary>Produced messages per wall-clock second.</summary>
    public double MessagesPerSecond => Elapsed > TimeSpan.Zero ? Produced / Elapsed.TotalSeconds : 0;
}
