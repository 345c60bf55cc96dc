using System.Runtime.ExceptionServices;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// One dedicated thread (<c>sw-score</c>) that scores one batch at a time for the loop (<c>Scorer:ScoreInBackground</c>).
/// A dedicated thread, not the thread pool: the scorer itself blocks while its other part runs on a pool thread, and a
/// pool thread blocked on the pool starves it under load (the latency at half rate went from ~45 ms to 80–390 ms when
/// the batch ran on the pool). <see cref="Start"/> and <see cref="Wait"/> are called by the loop thread only.
/// </summary>
internal sealed class BackgroundScorer : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _started = new(0);
    private readonly ManualResetEventSlim _finished = new(true);
    private IBatchScorer? _scorer;
    private PendingBatch? _batch;
    private ExceptionDispatchInfo? _error;
    private volatile bool _stopping;

    public BackgroundScorer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "sw-score" };
        _thread.Start();
    }

    /// <summary>True when the last batch started has been scored (or failed).</summary>
    public bool IsCompleted => _finished.IsSet;

    /// <summary>Scores <paramref name="batch"/> with <paramref name="scorer"/> on the scoring thread; the previous batch must be finished.</summary>
    public void Start(IBatchScorer scorer, PendingBatch batch)
    {
        if (!_finished.IsSet)
        {
            throw new InvalidOperationException("A batch is already being scored in the background.");
        }

        _scorer = scorer;
        _batch = batch;
        _error = null;
        _finished.Reset();
        _started.Release();
    }

    /// <summary>Blocks until the batch is scored; rethrows the scorer's exception.</summary>
    public void Wait()
    {
        _finished.Wait();
        _error?.Throw();
    }

    public void Dispose()
    {
        _finished.Wait();   // never tear down under a running batch
        _stopping = true;
        _started.Release();
        _thread.Join();
        _started.Dispose();
        _finished.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _started.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _batch!.ScoreWith(_scorer!);
            }
            catch (Exception exception)
            {
                _error = ExceptionDispatchInfo.Capture(exception);   // rethrown on the loop thread by Wait
            }
            finally
            {
                _scorer = null;
                _batch = null;
                _finished.Set();
            }
        }
    }
}
