using System.Text;
using SensorWatch.Configuration;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

/// <summary>Shared fixtures of the message tests: a fixed clock, a small catalog, and a good window builder.</summary>
internal static class MessageTestKit
{
    public static readonly ModelShape PumpShape = new(4, 3, ["a", "b", "c"]);

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static MessageLimitsOptions Limits() => new()
    {
        MaxPayloadBytes = 64 * 1024,
        MaxWindowLength = 64,
        MaxFeatures = 8,
        MaxStringBytes = 64,
        MaxKeyBytes = 64,
        MaxHeaderBytes = 1024,
    };

    /// <summary>"pump" has a trained shape (T=4, D=3, names a,b,c); "fresh" is in cold start; others are unknown.</summary>
    public static IModelCatalog Catalog() => new ModelRouter(
        defaultModel: null,
        rules: [new ModelRule { Pattern = "pump-*", Model = "pump" }, new ModelRule { Pattern = "new-*", Model = "fresh" }],
        shapeOf: key => key == "pump" ? PumpShape : null,
        isKnown: key => key is "pump" or "fresh");

    public static WindowDecoder Decoder(MessageLimitsOptions? limits = null) =>
        new(limits ?? Limits(), Catalog(), new FixedTimeProvider(Now));

    public const string GoodRows = "[[1,2,3],[4,5,6],[7,8,9],[10,11,12]]";

    public static string Window(string values = GoodRows, string sensorId = "\"pump-1\"", string start = "\"2026-11-22T11:59:00Z\"",
        string interval = "1000", string? features = "[\"a\",\"b\",\"c\"]", string? extra = null) =>
        "{\"sensorId\":" + sensorId + ",\"start\":" + start + ",\"intervalMs\":" + interval
        + (features is null ? string.Empty : ",\"features\":" + features)
        + ",\"values\":" + values + (extra is null ? string.Empty : "," + extra) + "}";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
