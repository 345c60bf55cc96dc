namespace SensorWatch.Core.Training;

/// <summary>
/// Adam (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) with bias correction:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − α·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// </summary>
internal sealed class AdamOptimizer
{
    private readonly float[][] _m;  // first moments, aligned with the parameters
    private readonly float[][] _v;  // second moments
    private readonly float _beta1, _beta2, _epsilon;
    private int _step;

    public AdamOptimizer(float[][] parameters, float beta1, float beta2, float epsilon)
    {
        _m = Array.ConvertAll(parameters, p => new float[p.Length]);
        _v = Array.ConvertAll(parameters, p => new float[p.Length]);
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
    }

    /// <summary>One update of every parameter; returns false if any updated weight is NaN or infinite.</summary>
    public bool Step(float[][] parameters, float[][] gradients, float learningRate)
    {
        _step++;
        float correction1 = 1f - MathF.Pow(_beta1, _step);
        float correction2 = 1f - MathF.Pow(_beta2, _step);
        bool finite = true;
        for (int i = 0; i < parameters.Length; i++)
        {
            float[] p = parameters[i], g = gradients[i], m = _m[i], v = _v[i];
            for (int j = 0; j < p.Length; j++)
            {
                m[j] = (_beta1 * m[j]) + ((1f - _beta1) * g[j]);
                v[j] = (_beta2 * v[j]) + ((1f - _beta2) * g[j] * g[j]);
                float mHat = m[j] / correction1;
                float vHat = v[j] / correction2;
                p[j] -= learningRate * mHat / (MathF.Sqrt(vHat) + _epsilon);
                finite &= float.IsFinite(p[j]);
            }
        }

        return finite;
    }
}
