using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;

namespace SensorWatch.Roles.Scorer;

/// <summary>
/// Model snapshots in a directory, one file per model key: <c>&lt;key&gt;.swm</c> (ModelSnapshot format). A corrupt or
/// incompatible file is reported and skipped; the key then starts a cold start. Writes are atomic (temp + rename).
/// </summary>
internal sealed class DirectoryModelStore(string directory) : IModelStore
{
    public const string Extension = ".swm";

    public IReadOnlyList<IScoringModel> LoadAll(ICollection<string> problems)
    {
        List<IScoringModel> models = [];
        if (!Directory.Exists(directory))
        {
            return models;
        }

        foreach (string path in Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            string key = Path.GetFileNameWithoutExtension(path);
            try
            {
                models.Add(new DetectorScoringModel(key, ModelSnapshot.Read(path)));
            }
            catch (Exception exception) when (exception is ModelSnapshotException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                problems.Add($"{path} refused ({exception.Message}); key '{key}' will cold-start");
            }
        }

        return models;
    }

    public void Save(IScoringModel model)
    {
        if (model is not DetectorScoringModel detector)
        {
            return; // only detector models have a snapshot format
        }

        Directory.CreateDirectory(directory);
        ModelSnapshot.Write(detector.Detector, Path.Combine(directory, model.ModelKey + Extension));
    }
}
