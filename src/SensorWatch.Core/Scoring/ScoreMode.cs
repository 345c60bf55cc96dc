namespace SensorWatch.Core.Scoring;

/// <summary>How a window's per-step, per-feature reconstruction errors e (T, D) become one score (higher = more anomalous).</summary>
public enum ScoreMode
{
    /// <summary>Mean over steps and features of e².</summary>
    MeanSquaredError,

    /// <summary>Max over steps of the step's mean e² (catches a short spike a window mean dilutes).</summary>
    MaxStepError,

    /// <summary>Mean over steps of the squared Mahalanobis distance of the error vector e_t (D) under a Gaussian fitted on validation errors (Malhotra et al. 2016).</summary>
    Mahalanobis,

    /// <summary>Mean over steps of the Gaussian negative log-likelihood of e_t with per-feature mean and variance fitted on validation errors (the LSTM-VAE reconstruction likelihood).</summary>
    GaussianNll,
}
