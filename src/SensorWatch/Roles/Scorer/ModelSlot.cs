namespace SensorWatch.Roles.Scorer;

/// <summary>
/// The state of one model key inside <see cref="ModelRegistry"/>. Owned by the consume loop thread, except the
/// training task, which only produces a result the loop picks up.
/// </summary>
internal sealed class ModelSlot
{
    private float[] _probation = [];   // (N, T, D) raw probation windows, N = ProbationTarget

    public ModelSlot(string modelKey, int probationTarget)
    {
        ModelKey = modelKey;
        ProbationTarget = probationTarget;
    }

    public string ModelKey { get; }

    /// <summary>Cores a batch is split over (<see cref="Configuration.ScorerOptions.ScoringThreads"/>).</summary>
    public int ScoringThreads { get; init; } = 1;

    public int ProbationTarget { get; }

    public ModelPhase Phase { get; private set; } = ModelPhase.Probation;

    public IScoringModel? Model { get; private set; }

    public IBatchScorer? Scorer { get; private set; }

    /// <summary>T fixed by the model, or by the first probation window.</summary>
    public int WindowLength { get; private set; }

    /// <summary>D fixed by the model, or by the first probation window.</summary>
    public int Features { get; private set; }

    public IReadOnlyList<string> FeatureNames { get; private set; } = [];

    public int Collected { get; private set; }

    public int TrainingAttempts { get; private set; }

    public string? LastFailure { get; private set; }

    public TimeSpan? TrainingTime { get; private set; }

    public Task<(IScoringModel? Model, string? Failure, TimeSpan Elapsed)>? Training { get; private set; }

    /// <summary>True when the slot has a shape (from a model or the first probation window).</summary>
    public bool HasShape => WindowLength > 0;

    public void Install(IScoringModel model, int maxBatch)
    {
        Model = model;
        Scorer = model.CreateScorer(maxBatch, ScoringThreads);
        WindowLength = model.WindowLength;
        Features = model.Features;
        FeatureNames = model.FeatureNames;
        Phase = ModelPhase.Ready;
        Training = null;
        _probation = [];
    }

    /// <summary>Stores one probation window (T, D) raw; true when the probation buffer is full.</summary>
    public bool Collect(ReadOnlySpan<float> window, int windowLength, int features, IReadOnlyList<string> featureNames)
    {
        if (!HasShape)
        {
            WindowLength = windowLength;
            Features = features;
            FeatureNames = featureNames;
        }

        if (Phase != ModelPhase.Probation || Collected >= ProbationTarget)
        {
            return false;
        }

        if (_probation.Length == 0)
        {
            _probation = new float[ProbationTarget * WindowLength * Features];
        }

        window.CopyTo(_probation.AsSpan(Collected * window.Length, window.Length));
        Collected++;
        return Collected == ProbationTarget;
    }

    public void StartTraining(Task<(IScoringModel? Model, string? Failure, TimeSpan Elapsed)> training)
    {
        Phase = ModelPhase.Training;
        TrainingAttempts++;
        Training = training;
    }

    /// <summary>Training failed: collect a fresh probation set and try again.</summary>
    public void TrainingFailed(string reason, TimeSpan elapsed)
    {
        LastFailure = reason;
        TrainingTime = elapsed;
        Training = null;
        Collected = 0;
        Phase = ModelPhase.Probation;
    }

    public void TrainingSucceeded(IScoringModel model, int maxBatch, TimeSpan elapsed)
    {
        TrainingTime = elapsed;
        LastFailure = null;
        Install(model, maxBatch);
    }

    /// <summary>The probation windows (N, T, D), handed to the trainer (the slot stops writing into them).</summary>
    public float[] TakeProbationWindows()
    {
        float[] windows = _probation;
        _probation = [];
        return windows;
    }

    public ModelStatusView View() =>
        new(ModelKey, Phase, Collected, ProbationTarget, Model?.Version, Model?.Threshold ?? double.NaN, TrainingAttempts, LastFailure, TrainingTime,
            Model?.VersionNumber ?? 0, Model?.TrainedAt);
}
