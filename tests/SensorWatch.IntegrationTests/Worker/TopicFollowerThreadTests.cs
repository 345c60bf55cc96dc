using System.Collections.Concurrent;
using SensorWatch.Kafka;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>The thread under the models and feedback readers: retry after a retryable failure, stop on dispose.</summary>
public sealed class TopicFollowerThreadTests
{
    private static readonly TimeSpan s_shortDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void TopicFollowerThread_FollowThrowsRetryable_LogsTheProblemAndFollowsAgain()
    {
        ConcurrentQueue<string> logged = new();
        int calls = 0;
        using ManualResetEventSlim thirdCall = new();
        using TopicFollowerThread thread = new("sensorwatch-test", token =>
            {
                int call = Interlocked.Increment(ref calls);
                if (call <= 2)
                {
                    throw new InvalidOperationException($"down {call}");
                }

                thirdCall.Set();
                token.WaitHandle.WaitOne();
            },
            exception => exception is InvalidOperationException ? exception.Message : null,
            logged.Enqueue, s_shortDelay);

        thread.Start();

        Assert.True(thirdCall.Wait(s_timeout), $"follow was called {calls} times");
        Assert.Equal(["down 1", "down 2"], logged.ToArray());
    }

    [Fact]
    public void TopicFollowerThread_RetryUntilGetsProblems_LogsEachThenReturnsTrue()
    {
        ConcurrentQueue<string> logged = new();
        using TopicFollowerThread thread = new("sensorwatch-test", _ => { }, _ => null, logged.Enqueue, s_shortDelay);
        Queue<string?> answers = new(["no topic", "no leader", null, "never asked"]);

        bool started = thread.RetryUntil(answers.Dequeue, CancellationToken.None);

        Assert.True(started);
        Assert.Equal(["no topic", "no leader"], logged.ToArray());
        Assert.Single(answers);
    }

    [Fact]
    public void TopicFollowerThread_DisposedWhileRetryingStart_RetryUntilReturnsFalseAndThreadEnds()
    {
        using ManualResetEventSlim retrying = new();
        bool? started = null;
        Thread? follower = null;
        TopicFollowerThread thread = null!;
        thread = new TopicFollowerThread("sensorwatch-test", token =>
            {
                follower = Thread.CurrentThread;
                started = thread.RetryUntil(() => "no topic", token);
            },
            _ => null, _ => retrying.Set(), TimeSpan.FromMinutes(5));
        thread.Start();
        Assert.True(retrying.Wait(s_timeout));

        thread.Dispose();

        Assert.False(started);
        Assert.Equal("sensorwatch-test", follower!.Name);
        Assert.False(follower.IsAlive);
    }

    [Fact]
    public void TopicFollowerThread_DisposeTwiceOrUnstarted_DoesNotThrow()
    {
        TopicFollowerThread unstarted = new("sensorwatch-test", _ => { }, _ => null, _ => { });
        unstarted.Dispose();

        TopicFollowerThread started = new("sensorwatch-test", token => token.WaitHandle.WaitOne(), _ => null, _ => { });
        started.Start();
        started.Dispose();
        started.Dispose();
    }

    [Fact]
    public void TopicFollowerThread_FollowThrowsUnexpected_ReportedAsErrorAndFollowedAgainInsteadOfEndingTheProcess()
    {
        ConcurrentQueue<string> retries = new();
        ConcurrentQueue<Exception> unexpected = new();
        int calls = 0;
        using ManualResetEventSlim thirdCall = new();
        using TopicFollowerThread thread = new("sensorwatch-test", token =>
            {
                int call = Interlocked.Increment(ref calls);
                if (call == 1)
                {
                    throw new FormatException("bug 1");
                }

                if (call == 2)
                {
                    throw new InvalidOperationException("down 2");
                }

                thirdCall.Set();
                token.WaitHandle.WaitOne();
            },
            exception => exception is InvalidOperationException ? exception.Message : null,
            retries.Enqueue, s_shortDelay, unexpected.Enqueue);

        thread.Start();

        Assert.True(thirdCall.Wait(s_timeout), $"follow was called {calls} times");
        Assert.Equal(["bug 1"], unexpected.Select(e => e.Message));
        Assert.Equal(["down 2"], retries.ToArray());
    }

    [Fact]
    public void TopicFollowerThread_UnexpectedWithoutReporter_GoesToTheRetryLogNamingTheType()
    {
        ConcurrentQueue<string> retries = new();
        int calls = 0;
        using ManualResetEventSlim secondCall = new();
        using TopicFollowerThread thread = new("sensorwatch-test", token =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new FormatException("bad bytes");
                }

                secondCall.Set();
                token.WaitHandle.WaitOne();
            },
            _ => null, retries.Enqueue, s_shortDelay);

        thread.Start();

        Assert.True(secondCall.Wait(s_timeout), $"follow was called {calls} times");
        Assert.Equal(["unexpected FormatException: bad bytes"], retries.ToArray());
    }

    [Fact]
    public void TopicFollowerThread_FollowThrowsCancellationWhileStopping_ThreadEndsWithoutReport()
    {
        ConcurrentQueue<string> retries = new();
        ConcurrentQueue<Exception> unexpected = new();
        Thread? follower = null;
        using ManualResetEventSlim following = new();
        TopicFollowerThread thread = new("sensorwatch-test", token =>
            {
                follower = Thread.CurrentThread;
                following.Set();
                token.WaitHandle.WaitOne();
                token.ThrowIfCancellationRequested();
            },
            _ => null, retries.Enqueue, s_shortDelay, unexpected.Enqueue);
        thread.Start();
        Assert.True(following.Wait(s_timeout));

        thread.Dispose();

        Assert.False(follower!.IsAlive);
        Assert.Empty(retries);
        Assert.Empty(unexpected);
    }
}
