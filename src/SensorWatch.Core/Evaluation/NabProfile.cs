namespace SensorWatch.Core.Evaluation;

/// <summary>
/// A NAB application profile: the weights of a true positive (first detection in a window), a false positive
/// (a detection outside every window) and a false negative (a window without detection).
/// </summary>
/// <remarks>Weights as published by NAB (Lavin and Ahmad 2015, arXiv:1510.03336, section 3.2).</remarks>
internal sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
{
    /// <summary>NAB's <c>standard</c> profile (1, 0.11, 1).</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    /// <summary>NAB's <c>reward_low_FP_rate</c> profile (1, 0.22, 1).</summary>
    public static NabProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /// <summary>NAB's <c>reward_low_FN_rate</c> profile (1, 0.11, 2).</summary>
    public static NabProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>The three published profiles in NAB's order.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
