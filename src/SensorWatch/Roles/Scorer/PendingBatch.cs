using Confluent.Kafka;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Windows of one model key waiting to be scored together: values (B, T, D) row-major in one matrix so the model
/// scores them with matrix-matrix products, plus the per-window bookkeeping. Buffers are allocated once per key.
/// </summary>
internal sealed class PendingBatch
{
    public PendingBatch(string modelKey, int capacity, int windowLength, int features, int latentSize)
    {
        ModelKey = modelKey;
        WindowLength = windowLength;
        Features = features;
        LatentSize = latentSize;
        Windows = new float[capacity * windowLength * features];
        Items = new PendingWindow[capacity];
        Results = new WindowResult[capacity];
        Contributions = new float[capacity * features];
        Latent = new float[capacity * latentSize];
    }

    public string ModelKey { get; }

    public int WindowLength { get; }

    public int Features { get; }

    public int LatentSize { get; }

    public int Capacity => Items.Length;

    /// <summary>(B, T, D) raw values, NaN = missing.</summary>
    public float[] Windows { get; }

    /// <summary>(B) bookkeeping.</summary>
    public PendingWindow[] Items { get; }

    /// <summary>(B) verdicts, filled by scoring.</summary>
    public WindowResult[] Results { get; }

    /// <summary>(B, D) share of the error per feature.</summary>
    public float[] Contributions { get; }

    /// <summary>(B, Z) latent codes.</summary>
    public float[] Latent { get; }

    public int Count { get; private set; }

    /// <summary>Stopwatch timestamp of the oldest window in the batch.</summary>
    public long OldestTimestamp { get; private set; }

    public bool IsFull => Count == Capacity;

    public void Add(ReadOnlySpan<float> window, in PendingWindow item, long timestamp)
    {
        if (Count == 0)
        {
            OldestTimestamp = timestamp;
        }

        int size = WindowLength * Features;
        window.CopyTo(Windows.AsSpan(Count * size, size));
        Items[Count] = item;
        Count++;
    }

    /// <summary>Scores the batched windows: windows (B, T, D) → results (B), contributions (B, D), latent (B, Z).</summary>
    public void ScoreWith(IBatchScorer scorer) =>
        scorer.Score(Windows.AsSpan(0, Count * WindowLength * Features), Count, Results.AsSpan(0, Count), Contributions.AsSpan(0, Count * Features),
            Latent.AsSpan(0, Count * LatentSize));

    public void Clear()
    {
        Array.Clear(Items, 0, Count);
        Count = 0;
    }

    /// <summary>Removes the windows of the given partitions (lost), keeping the others in order.</summary>
    public void RemovePartitions(IReadOnlyCollection<TopicPartition> partitions)
    {
        int size = WindowLength * Features;
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            if (partitions.Contains(Items[i].Ticket.Source.TopicPartition))
            {
                continue;
            }

            if (kept != i)
            {
                Windows.AsSpan(i * size, size).CopyTo(Windows.AsSpan(kept * size, size));
                Items[kept] = Items[i];
            }

            kept++;
        }

        Array.Clear(Items, kept, Count - kept);
        Count = kept;
    }
}
