namespace SensorWatch.Core.Scoring;

/// <summary>How a detector was trained (stored in the snapshot header). Lineage holds free-form fields (parent version, data range, trigger).</summary>
public sealed record TrainingMetadata
{
    /// <summary>Input rows (0 when trained from windows).</summary>
    public int Rows { get; init; }

    /// <summary>All windows cut from the input.</summary>
    public int Windows { get; init; }

    /// <summary>Windows the trainer fitted on.</summary>
    public int TrainWindows { get; init; }

    /// <summary>Windows the trainer held out for early stopping; their errors fit the score statistics.</summary>
    public int ValidationWindows { get; init; }

    /// <summary>Held-out windows (the chronologically last part of the input) that calibrated the threshold.</summary>
    public int CalibrationWindows { get; init; }

    /// <summary>Fraction of calibration windows at or above the threshold.</summary>
    public double CalibrationAlarmRate { get; init; }

    /// <summary>Window stride used for training windows.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Epochs run.</summary>
    public int EpochsRun { get; init; }

    /// <summary>1-based epoch whose weights were kept.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Training loss per epoch.</summary>
    public IReadOnlyList<double> TrainLosses { get; init; } = [];

    /// <summary>Validation loss per epoch (NaN without a split).</summary>
    public IReadOnlyList<double> ValidationLosses { get; init; } = [];

    /// <summary>Seed of the initialisation and the trainer.</summary>
    public int Seed { get; init; }

    /// <summary>When training finished.</summary>
    public DateTimeOffset TrainedAt { get; init; }

    /// <summary>Wall-clock training time in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>False when the loss or the weights became non-finite.</summary>
    public bool Converged { get; init; } = true;

    /// <summary>Why training did not converge, else null.</summary>
    public string? FailureReason { get; init; }

    /// <summary>SensorWatch version that trained the model.</summary>
    public string CodeVersion { get; init; } = typeof(TrainingMetadata).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Free-form lineage filled by retraining (parent model version, sample range, trigger, …).</summary>
    public IReadOnlyDictionary<string, string> Lineage { get; init; } = new Dictionary<string, string>();
}
