using SensorWatch.Core.Model;

namespace SensorWatch.Core.Tests.Model;

/// <summary>
/// A naive double-precision scalar reference of the whole autoencoder, one window at a time, written straight from
/// the equations and addressing parameters by name. Legend: B, T, D, H, L, Z; gate order i, f, g, o.
/// </summary>
internal sealed class ReferenceAutoencoder
{
    private readonly AutoencoderArchitecture _a;
    private readonly Dictionary<string, double[]> _p;

    public ReferenceAutoencoder(AutoencoderArchitecture architecture, IReadOnlyList<NamedTensor> parameters)
    {
        _a = architecture;
        _p = parameters.ToDictionary(p => p.Name, p => Array.ConvertAll(p.Data, v => (double)v));
    }

    /// <summary>The double-precision weights by name; perturb them in place for finite differences.</summary>
    public IReadOnlyDictionary<string, double[]> Weights => _p;

    /// <summary>x (B, T, D), eps (B, Z) or null (VAE: z = μ) → output (B, T, D), z, μ, log σ² (B, Z).</summary>
    public (double[] Output, double[] Z, double[] Mu, double[] LogVar) Forward(double[] x, int batch, double[]? eps)
    {
        int steps = _a.WindowLength, d = _a.Features, h = _a.Hidden, zs = _a.Latent;
        bool vae = _a.Variant == AutoencoderVariant.Variational;
        double[] output = new double[batch * steps * d];
        double[] zAll = new double[batch * zs], muAll = new double[batch * zs], lvAll = new double[batch * zs];
        for (int b = 0; b < batch; b++)
        {
            double[][] sequence = new double[steps][];
            for (int t = 0; t < steps; t++)
            {
                sequence[t] = x.AsSpan(((b * steps) + t) * d, d).ToArray();
            }

            for (int l = 0; l < _a.Layers; l++)
            {
                sequence = Lstm($"encoder.{l}", sequence, h);
            }

            double[] last = sequence[steps - 1];
            for (int k = 0; k < zs; k++)
            {
                double mu = Dense(vae ? "latent.mean" : "latent", last, k, zs);
                double z = mu;
                if (vae)
                {
                    double lv = Dense("latent.logvar", last, k, zs);
                    lvAll[(b * zs) + k] = lv;
                    z = mu + (Math.Exp(0.5 * lv) * (eps is null ? 0 : eps[(b * zs) + k]));
                }

                muAll[(b * zs) + k] = mu;
                zAll[(b * zs) + k] = z;
            }

            double[][] decoded = new double[steps][];
            for (int t = 0; t < steps; t++)
            {
                decoded[t] = zAll.AsSpan(b * zs, zs).ToArray();
            }

            for (int l = 0; l < _a.Layers; l++)
            {
                decoded = Lstm($"decoder.{l}", decoded, h);
            }

            for (int t = 0; t < steps; t++)
            {
                for (int j = 0; j < d; j++)
                {
                    output[(((b * steps) + t) * d) + j] = Dense("output", decoded[t], j, d);
                }
            }
        }

        return (output, zAll, muAll, lvAll);
    }

    /// <summary>The training objective: (1/B) Σ_b [mean (y − x)² + L1·mean|z| (Sparse) + Kl·mean KL (VAE)].</summary>
    public double Loss(double[] x, double[] target, int batch, double[]? eps, double l1, double kl)
    {
        (double[] y, double[] z, double[] mu, double[] lv) = Forward(x, batch, eps);
        double mse = 0;
        for (int i = 0; i < y.Length; i++)
        {
            mse += (y[i] - target[i]) * (y[i] - target[i]);
        }

        double loss = mse / (_a.WindowLength * _a.Features);
        double penalty = 0;
        for (int i = 0; i < z.Length; i++)
        {
            penalty += _a.Variant switch
            {
                AutoencoderVariant.Sparse => l1 * Math.Abs(z[i]),
                AutoencoderVariant.Variational => kl * -0.5 * (1 + lv[i] - (mu[i] * mu[i]) - Math.Exp(lv[i])),
                _ => 0,
            };
        }

        return (loss + (penalty / _a.Latent)) / batch;
    }

    private double[][] Lstm(string prefix, double[][] inputs, int h)
    {
        double[] wx = _p[prefix + ".wx"], wh = _p[prefix + ".wh"], bias = _p[prefix + ".b"];
        int din = inputs[0].Length, g4 = 4 * h;
        double[] hPrev = new double[h], c = new double[h];
        var outputs = new double[inputs.Length][];
        for (int t = 0; t < inputs.Length; t++)
        {
            double[] a = new double[g4];
            for (int k = 0; k < g4; k++)
            {
                double s = bias[k];
                for (int j = 0; j < din; j++)
                {
                    s += inputs[t][j] * wx[(j * g4) + k];
                }

                for (int j = 0; j < h; j++)
                {
                    s += hPrev[j] * wh[(j * g4) + k];
                }

                a[k] = s;
            }

            double[] hNew = new double[h];
            for (int j = 0; j < h; j++)
            {
                double i = Sigmoid(a[j]), f = Sigmoid(a[h + j]), g = Math.Tanh(a[(2 * h) + j]), o = Sigmoid(a[(3 * h) + j]);
                c[j] = (f * c[j]) + (i * g);
                hNew[j] = o * Math.Tanh(c[j]);
            }

            outputs[t] = hNew;
            hPrev = hNew;
        }

        return outputs;
    }

    private double Dense(string prefix, double[] input, int column, int columns)
    {
        double[] w = _p[prefix + ".w"];
        double s = _p[prefix + ".b"][column];
        for (int j = 0; j < input.Length; j++)
        {
            s += input[j] * w[(j * columns) + column];
        }

        return s;
    }

    private static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));
}
