using Confluent.Kafka;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Roles.Trainer;

/// <summary>
/// What a <see cref="ModelTopicFollower"/> does with what it reads, and how it says so: the scorer offers each
/// verified model to its registry (<see cref="Scorer.RegistryModelSink"/>), the trainer queues it
/// (<see cref="ModelFeed"/>). Called on the follower's thread only.
/// </summary>
internal interface IModelTopicSink
{
    /// <summary>Takes a verified model; returns null when it was accepted, or the reason it was refused.</summary>
    string? Take(string key, AnomalyDetector detector, TopicPartitionOffset position);

    /// <summary>A snapshot was refused (corrupt, or by <see cref="Take"/>); already counted.</summary>
    void Refused(string key, string reason);

    /// <summary>The topic could not be read; the follower retries after <paramref name="delay"/>.</summary>
    void Retrying(string problem, TimeSpan delay);

    /// <summary>Every partition was assigned from the beginning (after each (re)connection).</summary>
    void Following();

    /// <summary>Every partition was read to its end once since the last (re)connection.</summary>
    void CaughtUp(long accepted, long refused);
}
