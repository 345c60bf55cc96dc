using System.Text;
using SensorWatch.Kafka.Messages;

namespace SensorWatch.IntegrationTests.Messages;

public sealed class SampleCodecTests
{
    private const long Start = 1_795_000_000_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EncodeDecode_Window_RoundTripsEveryFieldBitExact(bool binary)
    {
        Random random = new(7);
        float[] values = new float[16 * 3];   // (T, D) = (16, 3)
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)));
        }

        values[5] = float.NaN;   // a missing reading
        values[6] = float.MaxValue;
        values[7] = -float.Epsilon;
        SampleMessage sample = SampleMessage.ForWindow("pump-1", "pumps", Start, Start + 15000, 16, 3, values, 1.2345678901234, 4.5, true,
            ScoreStatus.Imputed, "v7", "sensor.readings", 3, 123456789012);

        Assert.True(SampleCodec.TryDecode(Encode(sample, binary), out SampleMessage? decoded, out string? error), error);

        Assert.Equal(SampleKind.Window, decoded.Kind);
        Assert.Equal(("pump-1", "pumps", Start, Start + 15000, 16, 3), (decoded.SensorId, decoded.Model, decoded.StartMs, decoded.EndMs, decoded.WindowLength, decoded.Features));
        Assert.Equal(values.Length, decoded.Values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(values[i]), BitConverter.SingleToInt32Bits(decoded.Values[i]));
        }

        Assert.Equal(1.2345678901234, decoded.Score);
        Assert.Equal(4.5, decoded.Threshold);
        Assert.True(decoded.Anomalous);
        Assert.Equal(ScoreStatus.Imputed, decoded.Status);
        Assert.Equal("v7", decoded.ModelVersion);
        Assert.Null(decoded.AlertId);
        Assert.Equal(("sensor.readings", 3, 123456789012L), (decoded.Topic, decoded.Partition, decoded.Offset));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void EncodeDecode_Alert_RoundTrips(bool opened, bool binary)
    {
        SampleKind kind = opened ? SampleKind.AlertOpened : SampleKind.AlertResolved;
        SampleMessage sample = SampleMessage.ForAlert(kind, "valve-8", "default", "ab12cd", Start, Start + 60000, 9.5, double.NaN, null);

        Assert.True(SampleCodec.TryDecode(Encode(sample, binary), out SampleMessage? decoded, out string? error), error);

        Assert.Equal(kind, decoded.Kind);
        Assert.Equal(("valve-8", "default", "ab12cd", Start, Start + 60000), (decoded.SensorId, decoded.Model, decoded.AlertId, decoded.StartMs, decoded.EndMs));
        Assert.Equal(9.5, decoded.Score);
        Assert.True(double.IsNaN(decoded.Threshold));
        Assert.Null(decoded.ModelVersion);
        Assert.Empty(decoded.Values);
    }

    [Fact]
    public void EncodeJson_Window_IsCompactFlatJson()
    {
        SampleMessage sample = SampleMessage.ForWindow("s", "m", 1, 2, 2, 1, [0.5f, float.PositiveInfinity], 1, 2, false, ScoreStatus.Scored, "v1", "t", 0, 7);

        string json = Encoding.UTF8.GetString(new SampleCodec().EncodeJson(sample));

        Assert.Equal("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":2,"d":1,"values":[0.5,null],"score":1,"threshold":2,"anomalous":false,"status":"scored","modelVersion":"v1","source":{"topic":"t","partition":0,"offset":7}}""", json);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not json", "malformed JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":2,"d":1,"values":[0.5""", "malformed JSON")]
    [InlineData("""{"kind":"window"}""", "'v' (format version) is missing")]
    [InlineData("""{"v":2,"kind":"window"}""", "unsupported sample format version 2")]
    [InlineData("""{"v":1,"kind":"score"}""", "unknown 'kind' \"score\"")]
    [InlineData("""{"v":1,"kind":"window","model":"m","start":1,"end":2}""", "'sensorId' and 'model' are required")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":5,"end":2}""", "end >= start")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":2,"d":2,"values":[1,2,3],"anomalous":false,"status":"scored"}""", "t·d values (t=2, d=2, values=3)")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":1,"d":1,"values":["x"],"anomalous":false,"status":"scored"}""", "'values'[0] is not a finite number")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":1,"d":1,"values":[1e39],"anomalous":false,"status":"scored"}""", "'values'[0] is not a finite number")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":1,"d":1,"values":[1],"anomalous":false,"status":"late"}""", "unknown 'status' \"late\"")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":1,"d":1,"values":[1],"status":"scored"}""", "'anomalous' is missing")]
    [InlineData("""{"v":1,"kind":"alert-open","sensorId":"s","model":"m","start":1,"end":2}""", "needs 'alertId'")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":"soon","end":2}""", "wrong JSON type")]
    [InlineData("""{"v":99999999999,"kind":"window"}""", "number out of range")]
    [InlineData("""{"v":1,"kind":"window","sensorId":"s","model":"m","start":1,"end":2,"t":1,"d":1,"values":[1],"anomalous":false,"status":"scored"} {}""", "malformed JSON")]
    public void TryDecode_BadBytes_FalseWithClearReason(string json, string expected)
    {
        Assert.False(SampleCodec.TryDecode(Encoding.UTF8.GetBytes(json), out SampleMessage? sample, out string? error));

        Assert.Null(sample);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_InvalidUtf8InString_FalseWithReason()
    {
        byte[] bytes = [.. """{"v":1,"kind":"window","sensorId":"""u8, (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'];

        Assert.False(SampleCodec.TryDecode(bytes, out _, out string? error));

        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryDecode_UnknownFields_AreSkipped()
    {
        string json = """{"v":1,"extra":{"a":[1,2]},"kind":"alert-resolved","sensorId":"s","model":"m","alertId":"a1","start":1,"end":2,"score":null,"threshold":1,"modelVersion":null}""";

        Assert.True(SampleCodec.TryDecode(Encoding.UTF8.GetBytes(json), out SampleMessage? sample, out string? error), error);

        Assert.Equal(SampleKind.AlertResolved, sample.Kind);
    }

    [Fact]
    public void Encode_Window_IsBinaryFormat2WithRawFloats()
    {
        SampleMessage sample = SampleMessage.ForWindow("s", "m", 1, 2, 2, 1, [0.5f, float.PositiveInfinity], 1, 2, false, ScoreStatus.Scored, "v1", "t", 0, 7);

        byte[] record = SampleCodec.Encode(sample);

        Assert.Equal((SampleBinary.Marker, SampleBinary.Version), (record[0], record[1]));
        Assert.Equal(SampleBinary.HeaderSize + (5 * 2) + 1 + 1 + 2 + 0 + 1 + (2 * 4), record.Length);   // header, 5 lengths, "s" "m" "v1" null "t", 2 floats
        Assert.Equal(0.5f, BitConverter.ToSingle(record, record.Length - 8));
        Assert.True(float.IsNaN(BitConverter.ToSingle(record, record.Length - 4)));   // ±∞ are written as NaN, as JSON wrote null
    }

    private static byte[] Encode(SampleMessage sample, bool binary) => binary ? SampleCodec.Encode(sample) : new SampleCodec().EncodeJson(sample);
}
