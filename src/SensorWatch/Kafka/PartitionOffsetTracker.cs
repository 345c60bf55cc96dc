namespace SensorWatch.Kafka;

/// <summary>
/// The offsets of one partition that were consumed and are not yet safe to commit. Windows of one partition finish
/// out of order (a dead letter is acknowledged before an earlier window's batch is scored), so the committable
/// position is the offset after the last CONTIGUOUS finished one: a finished offset behind an unfinished one waits.
/// Single-threaded: only the consume loop calls it.
/// </summary>
internal sealed class PartitionOffsetTracker
{
    private readonly Queue<long> _consumed = new();   // in consumption order (increasing)
    private readonly HashSet<long> _finished = [];    // finished but not yet contiguous
    private long _lastRegistered = -1;

    /// <summary>The next offset to commit (last contiguous finished + 1), or -1 when nothing finished yet.</summary>
    public long Committable { get; private set; } = -1;

    /// <summary>Consumed offsets whose outputs are not all acknowledged (or that wait behind one that is not).</summary>
    public int InFlight => _consumed.Count;

    /// <summary>Consumed offsets not yet finished (InFlight minus those finished but waiting behind an unfinished one).</summary>
    public int Unfinished => _consumed.Count - _finished.Count;

    public void Register(long offset)
    {
        if (offset <= _lastRegistered)
        {
            throw new InvalidOperationException($"Offset {offset} registered after {_lastRegistered}; a partition's offsets must increase (reset the tracker after a seek).");
        }

        _lastRegistered = offset;
        _consumed.Enqueue(offset);
    }

    /// <summary>Marks an offset finished; returns true when the committable position moved forward.</summary>
    public bool MarkFinished(long offset)
    {
        if (_consumed.Count == 0 || offset < _consumed.Peek())
        {
            return false; // already committed past it (duplicate completion)
        }

        _finished.Add(offset);
        bool moved = false;
        while (_consumed.Count > 0 && _finished.Remove(_consumed.Peek()))
        {
            Committable = _consumed.Dequeue() + 1;
            moved = true;
        }

        return moved;
    }

    /// <summary>Forgets everything in flight (after a rewind); the next registered offset may be any value.</summary>
    public void Reset()
    {
        _consumed.Clear();
        _finished.Clear();
        _lastRegistered = -1;
        Committable = -1;
    }
}
