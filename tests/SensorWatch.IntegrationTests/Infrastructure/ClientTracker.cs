using Confluent.Kafka;

namespace SensorWatch.IntegrationTests.Infrastructure;

/// <summary>Remembers the Kafka clients a test made and reports those still open (a leaked client keeps threads and sockets).</summary>
internal sealed class ClientTracker
{
    private readonly Lock _gate = new();
    private readonly List<IClient> _clients = [];

    public T Track<T>(T client)
        where T : IClient
    {
        lock (_gate)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Throws naming every client that is not disposed (probed through <see cref="IClient.Name"/>, which throws once disposed).</summary>
    public void AssertAllDisposed()
    {
        List<string> open = [];
        lock (_gate)
        {
            foreach (IClient client in _clients)
            {
                try
                {
                    open.Add(client.Name);
                }
                catch (ObjectDisposedException)
                {
                    // disposed: fine
                }
            }
        }

        if (open.Count > 0)
        {
            throw new InvalidOperationException($"Leak: {open.Count} Kafka client(s) not disposed at the end of the test: {string.Join(", ", open)}.");
        }
    }
}
