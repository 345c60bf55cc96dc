namespace SensorWatch.Core.Training;

/// <summary>Options of <see cref="AutoencoderTrainer.Train"/>. <see cref="Validate"/> lists every bad value.</summary>
public sealed record TrainingOptions
{
    /// <summary>Most passes over the training windows.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Windows per mini-batch (one Adam step each).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam step size α.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Adam β₁.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam β₂.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam ε.</summary>
    public float AdamEpsilon { get; init; } = 1e-8f;

    /// <summary>Largest global L2 norm of the gradient; larger gradients are scaled down to it. 0 = no clipping.</summary>
    public float ClipNorm { get; init; } = 5f;

    /// <summary>Fraction of the windows held out (seeded) for validation and early stopping; 0 = none (train loss monitored).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Epochs without a better monitored loss before stopping; 0 = never stop early.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Seed of every random draw (split, shuffles, corruption, VAE noise).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 = all cores. Results are bit-identical for any value.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Windows per gradient shard. A mini-batch is split into fixed shards whose gradients are reduced in shard
    /// order, so results depend on this value but not on <see cref="Threads"/>.
    /// </summary>
    public int ShardSize { get; init; } = 32;

    /// <summary>Denoising: standard deviation of the Gaussian noise added to inputs.</summary>
    public float NoiseStd { get; init; } = 0.1f;

    /// <summary>Denoising: probability that an input cell is zeroed (masked).</summary>
    public float MaskProbability { get; init; } = 0.1f;

    /// <summary>Sparse: weight of mean |z| in the loss.</summary>
    public float L1 { get; init; } = 1e-3f;

    /// <summary>Variational: weight of the KL divergence (mean over latent units) in the loss.</summary>
    public float KlWeight { get; init; } = 1e-2f;

    /// <summary>Every problem with these options, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Epochs < 1)
        {
            errors.Add($"{nameof(Epochs)} must be ≥ 1, found {Epochs}.");
        }

        if (BatchSize < 1)
        {
            errors.Add($"{nameof(BatchSize)} must be ≥ 1, found {BatchSize}.");
        }

        if (!float.IsFinite(LearningRate) || LearningRate <= 0)
        {
            errors.Add($"{nameof(LearningRate)} must be a positive finite number, found {LearningRate}.");
        }

        if (!(Beta1 is >= 0 and < 1) || !(Beta2 is >= 0 and < 1))
        {
            errors.Add($"{nameof(Beta1)} and {nameof(Beta2)} must be in [0, 1), found {Beta1} and {Beta2}.");
        }

        if (!(AdamEpsilon > 0) || !float.IsFinite(AdamEpsilon))
        {
            errors.Add($"{nameof(AdamEpsilon)} must be a positive finite number, found {AdamEpsilon}.");
        }

        if (!(ClipNorm >= 0) || !float.IsFinite(ClipNorm))
        {
            errors.Add($"{nameof(ClipNorm)} must be ≥ 0 (0 = off), found {ClipNorm}.");
        }

        if (!(ValidationFraction is >= 0 and < 1))
        {
            errors.Add($"{nameof(ValidationFraction)} must be in [0, 1), found {ValidationFraction}.");
        }

        if (Patience < 0)
        {
            errors.Add($"{nameof(Patience)} must be ≥ 0 (0 = off), found {Patience}.");
        }

        if (Threads < 0)
        {
            errors.Add($"{nameof(Threads)} must be ≥ 0 (0 = all cores), found {Threads}.");
        }

        if (ShardSize < 1)
        {
            errors.Add($"{nameof(ShardSize)} must be ≥ 1, found {ShardSize}.");
        }

        if (!(NoiseStd >= 0) || !float.IsFinite(NoiseStd))
        {
            errors.Add($"{nameof(NoiseStd)} must be ≥ 0, found {NoiseStd}.");
        }

        if (!(MaskProbability is >= 0 and < 1))
        {
            errors.Add($"{nameof(MaskProbability)} must be in [0, 1), found {MaskProbability}.");
        }

        if (!(L1 >= 0) || !float.IsFinite(L1))
        {
            errors.Add($"{nameof(L1)} must be ≥ 0, found {L1}.");
        }

        if (!(KlWeight >= 0) || !float.IsFinite(KlWeight))
        {
            errors.Add($"{nameof(KlWeight)} must be ≥ 0, found {KlWeight}.");
        }

        return errors;
    }
}
