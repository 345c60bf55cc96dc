using System.Text.Json;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// A decoder's message body as <see cref="JsonMessage.Parse"/> drives it: parses the root object and carries what it
/// saw (fields, target). Implemented by small structs, so the generic driver is specialised per decoder and the call
/// is direct (no virtual call, no allocation).
/// </summary>
internal interface IJsonBody
{
    /// <summary>Parses the root value; a malformed document may throw <see cref="JsonException"/>.</summary>
    DecodeResult Parse(ref Utf8JsonReader reader);
}
