namespace SensorWatch.Core.Scoring;

/// <summary>How <see cref="RunningTailScore"/> maps a raw score before fitting its running Gaussian.</summary>
internal enum TailTransform
{
    /// <summary>y = ln(r + ε): for multiplicative, heavy-tailed scores (window means of squared errors).</summary>
    Log,

    /// <summary>y = √r: turns a squared error (one step's MSE or Mahalanobis distance) into a distance, whose tail is near Gaussian.</summary>
    SquareRoot,

    /// <summary>y = r: for scores that already are distances (|z|).</summary>
    Identity,
}
