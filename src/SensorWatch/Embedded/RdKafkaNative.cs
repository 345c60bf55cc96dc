using System.Runtime.InteropServices;

namespace SensorWatch.Embedded;

/// <summary>
/// The librdkafka entry points the embedded cluster uses (rdkafka.h and rdkafka_mock.h, librdkafka 2.16.0).
/// Types: int16_t → short, int32_t → int, int64_t → long, size_t → nuint, enums → int, strings UTF-8.
/// No variadic function is imported: cluster-level error injection uses the <c>_errors_array</c> form.
/// Every name here is listed in <see cref="Symbols"/> so the start-up self-check resolves it first.
/// </summary>
internal static unsafe partial class RdKafkaNative
{
    private const string Lib = LibRdKafkaLoader.LibraryName;

    /// <summary>Every exported symbol imported below; <see cref="RdKafkaSelfCheck"/> resolves each before first use.</summary>
    public static readonly string[] Symbols =
    [
        "rd_kafka_version_str", "rd_kafka_err2str", "rd_kafka_conf_new", "rd_kafka_conf_set", "rd_kafka_conf_destroy",
        "rd_kafka_new", "rd_kafka_destroy",
        "rd_kafka_mock_cluster_new", "rd_kafka_mock_cluster_destroy", "rd_kafka_mock_cluster_bootstraps",
        "rd_kafka_mock_topic_create", "rd_kafka_mock_topic_delete", "rd_kafka_mock_topic_set_error",
        "rd_kafka_mock_partition_set_leader", "rd_kafka_mock_broker_set_down", "rd_kafka_mock_broker_set_up",
        "rd_kafka_mock_broker_set_rtt", "rd_kafka_mock_push_request_errors_array", "rd_kafka_mock_clear_request_errors",
        "rd_kafka_mock_coordinator_set", "rd_kafka_mock_group_initial_rebalance_delay_ms",
        "rd_kafka_mock_start_request_tracking", "rd_kafka_mock_stop_request_tracking", "rd_kafka_mock_get_requests",
        "rd_kafka_mock_request_id", "rd_kafka_mock_request_api_key", "rd_kafka_mock_request_timestamp",
        "rd_kafka_mock_request_destroy_array", "rd_kafka_mock_clear_requests",
    ];

    public const int ProducerType = 0;       // RD_KAFKA_PRODUCER
    public const int ConfOk = 0;             // RD_KAFKA_CONF_OK

    [LibraryImport(Lib, EntryPoint = "rd_kafka_version_str")]
    public static partial nint VersionString();

    [LibraryImport(Lib, EntryPoint = "rd_kafka_err2str")]
    public static partial nint ErrorToString(int error);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_conf_new")]
    public static partial nint ConfNew();

    [LibraryImport(Lib, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(nint conf);

    /// <summary>Takes ownership of <paramref name="conf"/> only when it returns non-null.</summary>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_new")]
    public static partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(nint cluster);

    /// <summary>Returns a string owned by the cluster: copy it at once.</summary>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial nint MockClusterBootstraps(nint cluster);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(nint cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_topic_delete", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicDelete(nint cluster, string topic);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_topic_set_error", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void MockTopicSetError(nint cluster, string topic, int error);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockPartitionSetLeader(nint cluster, string topic, int partition, int brokerId);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(nint cluster, int brokerId);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(nint cluster, int brokerId);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int MockBrokerSetRtt(nint cluster, int brokerId, int rttMs);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void MockPushRequestErrorsArray(nint cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(nint cluster, short apiKey);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_coordinator_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockCoordinatorSet(nint cluster, string keyType, string key, int brokerId);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void MockGroupInitialRebalanceDelayMs(nint cluster, int delayMs);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    public static partial void MockStartRequestTracking(nint cluster);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    public static partial void MockStopRequestTracking(nint cluster);

    /// <summary>Returns an array of request pointers (free with <see cref="MockRequestDestroyArray"/>).</summary>
    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_get_requests")]
    public static partial nint* MockGetRequests(nint cluster, nuint* count);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_request_id")]
    public static partial int MockRequestBrokerId(nint request);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_request_api_key")]
    public static partial short MockRequestApiKey(nint request);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_request_timestamp")]
    public static partial long MockRequestTimestamp(nint request);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_request_destroy_array")]
    public static partial void MockRequestDestroyArray(nint* requests, nuint count);

    [LibraryImport(Lib, EntryPoint = "rd_kafka_mock_clear_requests")]
    public static partial void MockClearRequests(nint cluster);
}
