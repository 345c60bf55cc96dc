using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace SensorWatch.Embedded;

/// <summary>
/// An in-process Kafka-protocol cluster (librdkafka's mock cluster) reached over real TCP sockets on loopback.
/// Any Kafka client connects to <see cref="BootstrapServers"/>. Demo-mode limits: loopback only, plaintext only,
/// in memory, about 5 MiB or 100k message sets kept per partition, no CreateTopics/DeleteTopics/DescribeGroups
/// requests (create topics with <see cref="CreateTopic"/> before consumers subscribe).
/// </summary>
/// <remarks>
/// Ownership: a dedicated producer-type <c>rd_kafka_t</c> owns the cluster. <see cref="Dispose"/> destroys the
/// cluster and then that handle (the reverse order aborts the process inside librdkafka), exactly once, and never
/// from a finalizer. Control calls block until the mock thread replies, so each runs with
/// <see cref="EmbeddedKafkaClusterOptions.ControlTimeout"/>; after a timeout the cluster is considered wedged and
/// is deliberately leaked on dispose rather than risk a use-after-free. Thread-safe.
/// </remarks>
internal sealed unsafe class EmbeddedKafkaCluster : IDisposable
{
    private static int s_live;

    private readonly Lock _gate = new();
    private readonly EmbeddedKafkaClusterOptions _options;
    private nint _handle;   // rd_kafka_t* owning the cluster
    private nint _cluster;  // rd_kafka_mock_cluster_t*
    private bool _wedged;

    /// <summary>Starts a cluster with <paramref name="brokers"/> brokers and the default options.</summary>
    public EmbeddedKafkaCluster(int brokers)
        : this(new EmbeddedKafkaClusterOptions { Brokers = brokers })
    {
    }

    /// <summary>Starts a cluster; throws <see cref="EmbeddedKafkaException"/> if librdkafka is unusable.</summary>
    public EmbeddedKafkaCluster(EmbeddedKafkaClusterOptions? options = null)
    {
        _options = options ?? new EmbeddedKafkaClusterOptions();
        IReadOnlyList<string> errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid embedded cluster options: " + string.Join(" ", errors), nameof(options));
        }

        LibrdkafkaVersion = RdKafkaSelfCheck.Run();
        _handle = CreateOwnerHandle(_options.LogLevel);
        _cluster = RdKafkaNative.MockClusterNew(_handle, _options.Brokers);
        if (_cluster == 0)
        {
            RdKafkaNative.Destroy(_handle);
            _handle = 0;
            throw new EmbeddedKafkaException($"rd_kafka_mock_cluster_new({_options.Brokers}) failed (could not bind loopback listeners?).");
        }

        Interlocked.Increment(ref s_live);
        BootstrapServers = Marshal.PtrToStringUTF8(RdKafkaNative.MockClusterBootstraps(_cluster)) ?? string.Empty;
        SetInitialRebalanceDelay(_options.InitialRebalanceDelayMs);
    }

    /// <summary>Clusters created and not yet disposed in this process (for leak checks in tests).</summary>
    public static int LiveClusters => Volatile.Read(ref s_live);

    /// <summary>Comma-separated <c>127.0.0.1:port</c> list, copied from the cluster at start.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers, ids 1..<see cref="BrokerCount"/>.</summary>
    public int BrokerCount => _options.Brokers;

    /// <summary>The version of the librdkafka library that hosts the cluster.</summary>
    public string LibrdkafkaVersion { get; }

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _cluster == 0;
            }
        }
    }

    /// <summary>Creates a topic (blocks until the mock thread applies it).</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        Check($"create topic '{name}' ({partitions} partitions, RF {replicationFactor})",
            cluster => RdKafkaNative.MockTopicCreate(cluster, name, partitions, replicationFactor));
    }

    /// <summary>Deletes a topic and its data.</summary>
    public void DeleteTopic(string name) =>
        Check($"delete topic '{name}'", cluster => RdKafkaNative.MockTopicDelete(cluster, name));

    /// <summary>Takes a broker down (new connections refused); -1 means all. Leadership does not move.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check($"set broker {brokerId} down", cluster => RdKafkaNative.MockBrokerSetDown(cluster, brokerId));

    /// <summary>Brings a broker back up; -1 means all.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check($"set broker {brokerId} up", cluster => RdKafkaNative.MockBrokerSetUp(cluster, brokerId));

    /// <summary>Moves a partition's leader (bumps the leader epoch); -1 makes it leaderless.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check($"set leader of {topic}[{partition}] to {brokerId}",
            cluster => RdKafkaNative.MockPartitionSetLeader(cluster, topic, partition, brokerId));

    /// <summary>Adds <paramref name="rttMs"/> of round-trip latency to a broker's responses; -1 means all brokers.</summary>
    public void SetBrokerRtt(int brokerId, int rttMs) =>
        Check($"set broker {brokerId} RTT {rttMs} ms", cluster => RdKafkaNative.MockBrokerSetRtt(cluster, brokerId, rttMs));

    /// <summary>Makes the next requests with <paramref name="apiKey"/> (any broker) fail with these errors, in order.
    /// <see cref="ErrorCode.Local_Transport"/> makes the broker drop the connection instead.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        int[] codes = [.. errors.Select(error => (int)error)];
        Run($"push {codes.Length} {apiKey} error(s)", cluster =>
        {
            fixed (int* pointer = codes)
            {
                RdKafkaNative.MockPushRequestErrorsArray(cluster, (short)apiKey, (nuint)codes.Length, pointer);
            }

            return 0;
        });
    }

    /// <summary>Drops errors still queued for <paramref name="apiKey"/>.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        Run($"clear {apiKey} errors", cluster =>
        {
            RdKafkaNative.MockClearRequestErrors(cluster, (short)apiKey);
            return 0;
        });

    /// <summary>Makes a broker the coordinator of a group (<paramref name="keyType"/> "group") or transactional id ("transaction").</summary>
    public void SetCoordinator(string keyType, string key, int brokerId) =>
        Check($"set {keyType} coordinator of '{key}' to {brokerId}",
            cluster => RdKafkaNative.MockCoordinatorSet(cluster, keyType, key, brokerId));

    /// <summary>Makes Metadata (and AddPartitionsToTxn) answer <paramref name="error"/> for a topic; <see cref="ErrorCode.NoError"/> clears it.</summary>
    public void SetTopicError(string topic, ErrorCode error) =>
        Run($"set topic '{topic}' error {error}", cluster =>
        {
            RdKafkaNative.MockTopicSetError(cluster, topic, (int)error);
            return 0;
        });

    /// <summary>Sets the delay before a new group's first rebalance.</summary>
    public void SetInitialRebalanceDelay(int delayMs) =>
        Run($"set initial rebalance delay {delayMs} ms", cluster =>
        {
            RdKafkaNative.MockGroupInitialRebalanceDelayMs(cluster, delayMs);
            return 0;
        });

    /// <summary>Starts recording every request the brokers receive (see <see cref="GetRequests"/>).</summary>
    public void StartRequestTracking() =>
        Run("start request tracking", cluster =>
        {
            RdKafkaNative.MockStartRequestTracking(cluster);
            return 0;
        });

    /// <summary>Stops recording requests and discards what was recorded: call <see cref="GetRequests"/> first.</summary>
    public void StopRequestTracking() =>
        Run("stop request tracking", cluster =>
        {
            RdKafkaNative.MockStopRequestTracking(cluster);
            return 0;
        });

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() =>
        Run("clear requests", cluster =>
        {
            RdKafkaNative.MockClearRequests(cluster);
            return 0;
        });

    /// <summary>The requests recorded since tracking started, oldest first.</summary>
    public IReadOnlyList<MockRequest> GetRequests()
    {
        List<MockRequest> requests = [];
        Run("get requests", cluster =>
        {
            nuint count = 0;
            nint* array = RdKafkaNative.MockGetRequests(cluster, &count);
            try
            {
                for (nuint i = 0; i < count; i++)
                {
                    requests.Add(new MockRequest(
                        RdKafkaNative.MockRequestBrokerId(array[i]),
                        (KafkaApiKey)RdKafkaNative.MockRequestApiKey(array[i]),
                        RdKafkaNative.MockRequestTimestamp(array[i])));
                }
            }
            finally
            {
                if (array != null)
                {
                    RdKafkaNative.MockRequestDestroyArray(array, count);
                }
            }

            return 0;
        });
        return requests;
    }

    /// <summary>Destroys the cluster, then its owner handle. Safe to call any number of times.</summary>
    public void Dispose()
    {
        nint cluster;
        nint handle;
        lock (_gate)
        {
            cluster = _cluster;
            handle = _handle;
            _cluster = 0;
            _handle = 0;
            if (cluster == 0 && handle == 0)
            {
                return;
            }

            if (_wedged)
            {
                // A control call never returned: the mock thread may still use the cluster. Destroying it could
                // crash, and destroying the handle with the cluster alive aborts the process. Leak both instead.
                Console.Error.WriteLine("sensorwatch: embedded Kafka cluster was wedged; leaking it instead of destroying it.");
                Interlocked.Decrement(ref s_live);
                return;
            }

            if (cluster != 0)
            {
                RdKafkaNative.MockClusterDestroy(cluster);
                Interlocked.Decrement(ref s_live);
            }

            if (handle != 0)
            {
                RdKafkaNative.Destroy(handle);
            }
        }
    }

    private void Check(string what, Func<nint, int> call)
    {
        int error = Run(what, call);
        if (error != 0)
        {
            string text = Marshal.PtrToStringUTF8(RdKafkaNative.ErrorToString(error)) ?? "unknown error";
            throw new EmbeddedKafkaException($"Embedded Kafka: {what} failed: {text} (librdkafka error {error}).");
        }
    }

    private int Run(string what, Func<nint, int> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == 0, this);
            if (_wedged)
            {
                throw new EmbeddedKafkaException($"Embedded Kafka: cannot {what}: an earlier control call timed out.");
            }

            nint cluster = _cluster;
            Task<int> task = Task.Factory.StartNew(() => call(cluster), CancellationToken.None,
                TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
            if (!task.Wait(_options.ControlTimeout))
            {
                _wedged = true;
                throw new EmbeddedKafkaException($"Embedded Kafka: {what} did not complete within {_options.ControlTimeout.TotalSeconds:0.#} s (mock thread wedged).");
            }

            return task.Result;
        }
    }

    private static nint CreateOwnerHandle(int logLevel)
    {
        nint conf = RdKafkaNative.ConfNew();
        byte* error = stackalloc byte[512];
        error[0] = 0;
        SetConf(conf, "log_level", logLevel.ToString(System.Globalization.CultureInfo.InvariantCulture), error);
        SetConf(conf, "client.id", "sensorwatch-embedded-cluster-owner", error);
        nint handle = RdKafkaNative.New(RdKafkaNative.ProducerType, conf, error, 512);
        if (handle == 0)
        {
            RdKafkaNative.ConfDestroy(conf);
            throw new EmbeddedKafkaException($"rd_kafka_new for the embedded cluster's owner failed: {ReadError(error)}");
        }

        return handle;
    }

    private static void SetConf(nint conf, string name, string value, byte* error)
    {
        if (RdKafkaNative.ConfSet(conf, name, value, error, 512) != RdKafkaNative.ConfOk)
        {
            RdKafkaNative.ConfDestroy(conf);
            throw new EmbeddedKafkaException($"rd_kafka_conf_set({name}={value}) failed: {ReadError(error)}");
        }
    }

    private static string ReadError(byte* error) => Marshal.PtrToStringUTF8((nint)error) ?? string.Empty;
}
