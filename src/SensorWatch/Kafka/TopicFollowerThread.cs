using Confluent.Kafka;

namespace SensorWatch.Kafka;

/// <summary>
/// The thread under a background topic reader (models, feedback): runs the reader's <c>follow</c> until disposed; when
/// it throws an exception the reader calls retryable (<c>problemOf</c> names it) the problem is logged and
/// <c>follow</c> runs again after <see cref="RetryDelay"/>. Any other exception (a reader's bug, an unclassified client
/// failure) is reported through <c>onUnexpected</c> and retried the same way: an exception escaping a background
/// thread would end the whole process without draining or committing. Cancellation while stopping ends the thread.
/// <see cref="RetryUntil"/> is the same wait for a start-up step that reports a problem instead of throwing (a missing
/// topic). <see cref="Dispose"/> cancels the token, waits up to 10 s for the thread and returns; the token is released
/// only once the thread has ended, so a reader still running after the wait never touches a disposed token.
/// </summary>
internal sealed class TopicFollowerThread : IDisposable
{
    /// <summary>The retry delay every reader uses unless it is given another (log messages say "2 s").</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan s_joinTimeout = TimeSpan.FromSeconds(10);

    private readonly Action<CancellationToken> _follow;
    private readonly Func<Exception, string?> _problemOf;
    private readonly Action<string> _logRetry;
    private readonly Action<Exception>? _onUnexpected;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private bool _started;
    private int _disposed;

    /// <param name="name">The thread's name (<c>sensorwatch-…</c>).</param>
    /// <param name="follow">Reads until the token is cancelled; throws to be retried.</param>
    /// <param name="problemOf">The problem to log for an exception that is retried, or null for one that is not caught.</param>
    /// <param name="logRetry">Logs a problem before the wait (the reader's own message).</param>
    /// <param name="retryDelay">The wait before each retry; <see cref="DefaultRetryDelay"/> when null.</param>
    /// <param name="onUnexpected">Reports an exception <paramref name="problemOf"/> does not name (an error, before the
    /// retry wait); when null it goes to <paramref name="logRetry"/> as "unexpected Type: message".</param>
    public TopicFollowerThread(string name, Action<CancellationToken> follow, Func<Exception, string?> problemOf, Action<string> logRetry,
        TimeSpan? retryDelay = null, Action<Exception>? onUnexpected = null)
    {
        _follow = follow;
        _problemOf = problemOf;
        _logRetry = logRetry;
        _onUnexpected = onUnexpected;
        RetryDelay = retryDelay ?? DefaultRetryDelay;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public TimeSpan RetryDelay { get; }

    /// <summary>The problem of a <see cref="KafkaException"/> (its error's reason), null for any other exception.</summary>
    public static string? KafkaProblem(Exception exception) => exception is KafkaException kafka ? kafka.Error.Reason : null;

    /// <summary>Starts the thread (once, after the owner has set every field <c>follow</c> reads).</summary>
    public void Start()
    {
        _thread.Start();
        _started = true;
    }

    /// <summary>
    /// Calls <paramref name="attempt"/> until it returns null (done); each problem it returns is logged and followed by
    /// a <see cref="RetryDelay"/> wait. False when the token was cancelled during a wait.
    /// </summary>
    public bool RetryUntil(Func<string?> attempt, CancellationToken token)
    {
        while (attempt() is { } problem)
        {
            _logRetry(problem);
            if (token.WaitHandle.WaitOne(RetryDelay))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        if (!_started || _thread.Join(s_joinTimeout))
        {
            _stopping.Dispose();
        }
    }

    private void Run()
    {
        CancellationToken token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                _follow(token);
            }
            catch (Exception exception) when (token.IsCancellationRequested && exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception exception) when (_problemOf(exception) is { } problem)
            {
                _logRetry(problem);
                token.WaitHandle.WaitOne(RetryDelay);
            }
            catch (Exception exception)
            {
                if (_onUnexpected is null)
                {
                    _logRetry($"unexpected {exception.GetType().Name}: {exception.Message}");
                }
                else
                {
                    _onUnexpected(exception);
                }

                token.WaitHandle.WaitOne(RetryDelay);
            }
        }
    }
}
