namespace SensorWatch.Core.Model;

/// <summary>
/// The penalty weights of the training objective, per window:
/// loss_b = mean_{t,d} (y − x)² + L1 · mean_z |z| (Sparse) + KlWeight · mean_z KL_z (Variational),
/// KL_z = −½ (1 + log σ² − μ² − σ²) for q(z|x) = N(μ, σ²) against N(0, I) (Kingma and Welling 2014).
/// </summary>
internal readonly record struct LossWeights(float L1, float KlWeight);
