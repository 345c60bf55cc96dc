using System.Diagnostics;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// One candidate training on its own background thread (below-normal priority, named
/// <c>sensorwatch-retrain-&lt;key&gt;</c>): trains on the sample windows (N, T, D), then computes the holdout figures
/// against the served model on the recent windows (B, T, D). The owner polls <see cref="IsCompleted"/> and reads
/// <see cref="Result"/>; <see cref="Cancel"/> abandons it (the result is then Cancelled, never a partial model).
/// Training failures (including thrown exceptions) become a result with a reason, never an escaping exception.
/// </summary>
internal sealed class CandidateTraining : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _done = new(false);
    private CandidateResult? _result;

    /// <summary>Starts training at once; <paramref name="current"/> is only read (it stays served meanwhile).</summary>
    public CandidateTraining(string modelKey, AnomalyDetector current, float[] windows, int count, float[] holdout, int holdoutCount, DetectorOptions options)
    {
        _thread = new Thread(() => Run(current, windows, count, holdout, holdoutCount, options))
        {
            IsBackground = true,
            Priority = ThreadPriority.BelowNormal,
            Name = $"sensorwatch-retrain-{modelKey}",
        };
        _thread.Start();
    }

    /// <summary>True once <see cref="Result"/> is set.</summary>
    public bool IsCompleted => _done.IsSet;

    /// <summary>The outcome, or null while running.</summary>
    public CandidateResult? Result => _done.IsSet ? _result : null;

    /// <summary>Asks the training to stop at its next mini-batch.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>Blocks until done or <paramref name="timeout"/>; true when done.</summary>
    public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

    /// <summary>Cancels and waits up to 30 s for the thread to leave.</summary>
    public void Dispose()
    {
        _cancel.Cancel();
        _done.Wait(TimeSpan.FromSeconds(30));
        _cancel.Dispose();
    }

    private void Run(AnomalyDetector current, float[] windows, int count, float[] holdout, int holdoutCount, DetectorOptions options)
    {
        Stopwatch clock = Stopwatch.StartNew();
        CancellationToken token = _cancel.Token;
        try
        {
            AnomalyDetector candidate = AnomalyDetector.Train(windows.AsSpan(0, count * current.WindowLength * current.FeatureCount), count,
                current.FeatureNames, options, null, token);
            token.ThrowIfCancellationRequested();
            CandidateReport report = HoldoutEvaluator.Evaluate(candidate, current, holdout, holdoutCount);
            _result = new CandidateResult(candidate, report, null, false, clock.Elapsed);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _result = new CandidateResult(null, null, "training was cancelled", true, clock.Elapsed);
        }
        catch (Exception exception)
        {
            // Not swallowed: the owner turns it into a Rejected (TrainingFailed) event naming the exception. An exception
            // escaping a background thread would end the whole host, which must keep scoring with the served model.
            _result = new CandidateResult(null, null, $"{exception.GetType().Name}: {exception.Message}", false, clock.Elapsed);
        }
        finally
        {
            _done.Set();
        }
    }
}
