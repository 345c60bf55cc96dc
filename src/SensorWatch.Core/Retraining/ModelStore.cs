using System.Globalization;
using System.Text.Json;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;

namespace SensorWatch.Core.Retraining;

/// <summary>
/// A folder of versioned model snapshots: <c>&lt;root&gt;/&lt;modelKey&gt;/v&lt;N&gt;.swm</c> plus a small
/// <c>current</c> pointer file (JSON <see cref="ModelPointer"/>). Every file is written atomically (temp file, fsync,
/// rename: <see cref="SnapshotContainer.WriteAtomic"/>), and every snapshot is verified (checksum, header, shapes)
/// before it is stored or pointed at, so a corrupt file is refused with its <see cref="ModelSnapshotException"/> and
/// the current version stays. One writer per model key (the trainer that owns the key, or an operator).
/// </summary>
internal sealed class ModelStore
{
    private const string PointerFile = "current";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Opens (does not create) a store rooted at <paramref name="root"/>.</summary>
    public ModelStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The store folder.</summary>
    public string Root { get; }

    /// <summary>Model keys with at least one version, sorted.</summary>
    public IReadOnlyList<string> Keys()
    {
        if (File.Exists(Root))
        {
            throw new ModelStoreException($"Model store {Root} is a file, expected a folder. Pass --store a folder.");
        }

        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Guard(Root, () => Directory.GetDirectories(Root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(k => IsValidKey(k) && Versions(k).Count > 0)
            .Order(StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>Stored version numbers of a key, ascending.</summary>
    public IReadOnlyList<int> Versions(string modelKey)
    {
        string folder = KeyFolder(modelKey);
        if (File.Exists(folder))
        {
            throw new ModelStoreException($"{folder} is a file, expected the folder of model key '{modelKey}'.");
        }

        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Guard(folder, () => Directory.GetFiles(folder, "v*.swm")
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f)[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0)
            .Where(v => v > 0)
            .Order()
            .ToList());
    }

    /// <summary>The pointer of a key, or null when nothing is current yet.</summary>
    public ModelPointer? Pointer(string modelKey)
    {
        string path = Path.Combine(KeyFolder(modelKey), PointerFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            ModelPointer? pointer = JsonSerializer.Deserialize<ModelPointer>(Guard(path, () => File.ReadAllBytes(path)), s_json);
            return pointer is { Version: > 0 } ? pointer
                : throw new ModelStoreException($"{path}: expected {{\"version\": N > 0, ...}}, found a pointer without a version. Fix it with 'sensorwatch model pin'.");
        }
        catch (JsonException exception)
        {
            throw new ModelStoreException($"{path}: the current-version pointer is unreadable ({exception.Message}). Fix it with 'sensorwatch model pin'.", exception);
        }
    }

    /// <summary>Every version of a key with its metadata, or the reason it cannot be read.</summary>
    public IReadOnlyList<ModelVersionInfo> List(string modelKey)
    {
        int? current = Pointer(modelKey)?.Version;
        List<ModelVersionInfo> infos = [];
        foreach (int version in Versions(modelKey))
        {
            string path = VersionPath(modelKey, version);
            long size = new FileInfo(path).Length;
            try
            {
                AnomalyDetector detector = Guard(path, () => ModelSnapshot.Read(path));
                infos.Add(new(version, path, size, version == current, detector.Metadata, null, null));
            }
            catch (ModelSnapshotException exception)
            {
                infos.Add(new(version, path, size, version == current, null, exception.Kind, exception.Message));
            }
        }

        return infos;
    }

    /// <summary>Reads one version (verified); throws <see cref="ModelSnapshotException"/> when corrupt.</summary>
    public AnomalyDetector Read(string modelKey, int version)
    {
        string path = VersionPath(modelKey, version);
        if (!File.Exists(path))
        {
            throw new ModelStoreException($"Model '{modelKey}' has no version {version} in {Root} (stored: {string.Join(", ", Versions(modelKey).Select(v => $"v{v}"))}).");
        }

        return Guard(path, () => ModelSnapshot.Read(path));
    }

    /// <summary>The current version and its model, or null when the key has none.</summary>
    public (int Version, AnomalyDetector Detector)? LoadCurrent(string modelKey) =>
        Pointer(modelKey) is { } pointer ? (pointer.Version, Read(modelKey, pointer.Version)) : null;

    /// <summary>
    /// Verifies and stores <paramref name="snapshot"/> as the next version. It becomes current unless the key is pinned
    /// (then it is stored but not served). Corrupt bytes throw <see cref="ModelSnapshotException"/> and store nothing.
    /// </summary>
    public int Add(string modelKey, ReadOnlySpan<byte> snapshot)
    {
        ModelSnapshot.FromBytes(snapshot, $"snapshot for '{modelKey}'");
        IReadOnlyList<int> versions = Versions(modelKey);
        int version = versions.Count == 0 ? 1 : versions[^1] + 1;
        string path = VersionPath(modelKey, version);
        byte[] bytes = snapshot.ToArray();
        Guard(path, () => SnapshotContainer.WriteAtomic(path, bytes));
        ModelPointer? pointer = Pointer(modelKey);
        if (pointer is not { Pinned: true })
        {
            WritePointer(modelKey, new ModelPointer(version, false, pointer?.Version));
        }

        return version;
    }

    /// <summary>Stores a detector as the next version (see <see cref="Add(string, ReadOnlySpan{byte})"/>).</summary>
    public int Add(string modelKey, AnomalyDetector detector) => Add(modelKey, ModelSnapshot.ToBytes(detector));

    /// <summary>Serves <paramref name="version"/> and pins it (new versions are stored but not served until unpinned).
    /// A corrupt version throws <see cref="ModelSnapshotException"/> and the pointer stays; an unreadable pointer is repaired.</summary>
    public ModelPointer Pin(string modelKey, int version)
    {
        Read(modelKey, version);
        ModelPointer? old = PointerOrNullIfUnreadable(modelKey);
        ModelPointer pointer = new(version, true, old?.Version == version ? old.Previous : old?.Version);
        WritePointer(modelKey, pointer);
        return pointer;
    }

    /// <summary>Unpins the key; the served version is unchanged.</summary>
    public ModelPointer Unpin(string modelKey)
    {
        ModelPointer pointer = (Pointer(modelKey) ?? throw new ModelStoreException($"Model '{modelKey}' has no current version in {Root}.")) with { Pinned = false };
        WritePointer(modelKey, pointer);
        return pointer;
    }

    /// <summary>
    /// Serves the version served before the current one (or, when unknown, the highest version below it) and pins it,
    /// so the bad version is not re-served. A corrupt target throws <see cref="ModelSnapshotException"/> and the pointer stays.
    /// </summary>
    public ModelPointer Rollback(string modelKey)
    {
        ModelPointer current = Pointer(modelKey) ?? throw new ModelStoreException($"Model '{modelKey}' has no current version in {Root}: nothing to roll back.");
        IReadOnlyList<int> versions = Versions(modelKey);
        int? target = current.Previous is int p && p != current.Version && versions.Contains(p) ? p
            : versions.Where(v => v < current.Version).Cast<int?>().LastOrDefault();
        if (target is not int version)
        {
            throw new ModelStoreException($"Model '{modelKey}' serves v{current.Version}, the oldest version: nothing to roll back to.");
        }

        Read(modelKey, version);
        int? previous = versions.Where(v => v < version).Cast<int?>().LastOrDefault();
        ModelPointer pointer = new(version, true, previous);
        WritePointer(modelKey, pointer);
        return pointer;
    }

    /// <summary>The verified bytes of a version (for export and the models topic).</summary>
    public byte[] ReadBytes(string modelKey, int version)
    {
        string path = VersionPath(modelKey, version);
        Read(modelKey, version);
        return Guard(path, () => File.ReadAllBytes(path));
    }

    /// <summary>The file of a version.</summary>
    public string VersionPath(string modelKey, int version) =>
        Path.Combine(KeyFolder(modelKey), string.Create(CultureInfo.InvariantCulture, $"v{version}.swm"));

    /// <summary>True when <paramref name="modelKey"/> is usable as a folder name: 1-128 of [A-Za-z0-9._-], not "." or "..".</summary>
    public static bool IsValidKey(string modelKey) =>
        modelKey is { Length: > 0 and <= 128 } && modelKey is not ("." or "..")
        && modelKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private ModelPointer? PointerOrNullIfUnreadable(string modelKey)
    {
        try
        {
            return Pointer(modelKey);
        }
        catch (ModelStoreException)
        {
            return null; // pin repairs an unreadable pointer; the caller verified the target version
        }
    }

    private void WritePointer(string modelKey, ModelPointer pointer)
    {
        string path = Path.Combine(KeyFolder(modelKey), PointerFile);
        Guard(path, () => SnapshotContainer.WriteAtomic(path, JsonSerializer.SerializeToUtf8Bytes(pointer, s_json)));
    }

    private string KeyFolder(string modelKey) =>
        IsValidKey(modelKey) ? Path.Combine(Root, modelKey)
            : throw new ModelStoreException($"Model key '{modelKey}' is not usable as a store folder: expected 1-128 of A-Z a-z 0-9 . _ -.");

    private static void Guard(string path, Action action) => Guard(path, () =>
    {
        action();
        return 0;
    });

    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException && exception is not FileNotFoundException)
        {
            throw new ModelStoreException($"{path}: {exception.Message} Check that the model store exists and is readable and writable.", exception);
        }
    }
}
