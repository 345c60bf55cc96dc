using SensorWatch.Roles.Scorer;

namespace SensorWatch.IntegrationTests.Worker;

/// <summary>A model store that hands the worker pre-trained models at start (so a test can skip the cold start).</summary>
internal sealed class InMemoryModelStore(params IScoringModel[] models) : IModelStore
{
    private readonly List<IScoringModel> _saved = [];

    public IReadOnlyList<IScoringModel> Saved => _saved;

    public IReadOnlyList<IScoringModel> LoadAll(ICollection<string> problems) => models;

    public void Save(IScoringModel model)
    {
        lock (_saved)
        {
            _saved.Add(model);
        }
    }
}
