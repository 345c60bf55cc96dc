using SensorWatch.Core.Alerting;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// One <see cref="AlertStateMachine"/> per sensor. In exactly-once mode it remembers each touched sensor's state as of
/// the last committed transaction, so an abort can restore it (the replayed windows then produce the same alerts).
/// </summary>
internal sealed class AlertBook
{
    private readonly Dictionary<string, AlertStateMachine> _machines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertState?> _checkpoint = new(StringComparer.Ordinal);   // null = did not exist
    private readonly AlertPolicy _policy;
    private readonly bool _transactional;

    public AlertBook(AlertPolicy policy, bool transactional)
    {
        _policy = policy;
        _transactional = transactional;
    }

    public int Count => _machines.Count;

    public AlertTransition Observe(string sensorId, string modelKey, in WindowVerdict verdict)
    {
        if (!_machines.TryGetValue(sensorId, out AlertStateMachine? machine) || machine.Model != modelKey)
        {
            if (_transactional && !_checkpoint.ContainsKey(sensorId))
            {
                _checkpoint[sensorId] = machine?.State;
            }

            machine = new AlertStateMachine(sensorId, modelKey, _policy);
            _machines[sensorId] = machine;
        }
        else if (_transactional && !_checkpoint.ContainsKey(sensorId))
        {
            _checkpoint[sensorId] = machine.State;
        }

        return machine.Observe(verdict);
    }

    public void Commit() => _checkpoint.Clear();

    public void Rollback()
    {
        foreach ((string sensorId, AlertState? state) in _checkpoint)
        {
            if (state is null)
            {
                _machines.Remove(sensorId);
            }
            else
            {
                _machines[sensorId] = new AlertStateMachine(sensorId, _machines[sensorId].Model, _policy, state);
            }
        }

        _checkpoint.Clear();
    }
}
