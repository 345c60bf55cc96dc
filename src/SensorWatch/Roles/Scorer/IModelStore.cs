namespace SensorWatch.Roles.Scorer;

/// <summary>Where trained models persist between runs (a directory of snapshot files).</summary>
internal interface IModelStore
{
    /// <summary>Every readable model; unreadable files are reported through <paramref name="problems"/>, never thrown.</summary>
    IReadOnlyList<IScoringModel> LoadAll(ICollection<string> problems);

    /// <summary>Writes a model atomically (temp file + rename).</summary>
    void Save(IScoringModel model);
}
