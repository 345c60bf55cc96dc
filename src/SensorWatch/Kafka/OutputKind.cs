namespace SensorWatch.Kafka;

/// <summary>What an output record is (for counting and logs).</summary>
internal enum OutputKind
{
    Score,
    Alert,
    DeadLetter,
    AlertState,
}
