using SensorWatch.Telemetry;

namespace SensorWatch.IntegrationTests.Telemetry;

public sealed class ConsumerLagParserTests
{
    // Trimmed from a real librdkafka 2.x consumer statistics callback (fields the parser ignores kept for realism).
    private const string Statistics = """
        {
          "name": "rdkafka#consumer-1", "type": "consumer", "ts": 5016483227792, "time": 1527060869,
          "brokers": { "localhost:9092/0": { "name": "localhost:9092/0", "state": "UP" } },
          "topics": {
            "sensor.windows": {
              "topic": "sensor.windows", "age": 5012, "metadata_age": 4020,
              "partitions": {
                "0": { "partition": 0, "leader": 0, "desired": true, "fetch_state": "active",
                       "committed_offset": 120, "hi_offset": 150, "consumer_lag": 30, "consumer_lag_stored": 28 },
                "1": { "partition": 1, "leader": 0, "desired": true, "fetch_state": "active",
                       "committed_offset": -1001, "hi_offset": 40, "consumer_lag": -1 },
                "2": { "partition": 2, "leader": 0, "desired": false, "fetch_state": "none", "consumer_lag": 99 },
                "-1": { "partition": -1, "leader": -1, "desired": false, "consumer_lag": -1 }
              }
            },
            "sensor.feedback": {
              "topic": "sensor.feedback",
              "partitions": { "0": { "partition": 0, "desired": true, "consumer_lag": 0 } }
            }
          }
        }
        """;

    [Fact]
    public void TryParse_RealStatistics_ReturnsKnownLagOfDesiredPartitionsOnly()
    {
        bool ok = ConsumerLagParser.TryParse(Statistics, out IReadOnlyList<PartitionLag> lags, out string? error);

        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal(
            [new PartitionLag("sensor.feedback", 0, 0), new PartitionLag("sensor.windows", 0, 30)],
            lags.OrderBy(l => l.Topic, StringComparer.Ordinal).ThenBy(l => l.Partition));
    }

    [Fact]
    public void TryParse_ProducerStatisticsWithoutTopics_ReturnsEmpty()
    {
        bool ok = ConsumerLagParser.TryParse("""{"name":"rdkafka#producer-1","type":"producer"}""", out IReadOnlyList<PartitionLag> lags, out string? error);

        Assert.True(ok, error);
        Assert.Empty(lags);
    }

    [Theory]
    [InlineData("{not json", "malformed")]
    [InlineData("[1,2]", "must be an object")]
    [InlineData("""{"topics": 3}""", "'topics' must be an object")]
    public void TryParse_BadInput_ReturnsFalseWithReason(string json, string expected)
    {
        bool ok = ConsumerLagParser.TryParse(json, out IReadOnlyList<PartitionLag> lags, out string? error);

        Assert.False(ok);
        Assert.Empty(lags);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NonNumericLagAndOddPartitionNames_AreSkipped()
    {
        const string json = """{"topics":{"t":{"partitions":{"x":{"consumer_lag":5},"0":{"consumer_lag":"5"},"1":{"consumer_lag":1.5},"2":{"consumer_lag":4}}}}}""";

        bool ok = ConsumerLagParser.TryParse(json, out IReadOnlyList<PartitionLag> lags, out _);

        Assert.True(ok);
        Assert.Equal([new PartitionLag("t", 2, 4)], lags);
    }
}
