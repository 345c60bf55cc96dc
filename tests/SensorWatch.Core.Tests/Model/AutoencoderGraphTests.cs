using SensorWatch.Core.Model;

namespace SensorWatch.Core.Tests.Model;

/// <summary>Gradient checks of the training graph against finite differences of the double-precision reference.</summary>
public sealed class AutoencoderGraphTests
{
    private const int Batch = 2;
    private const float L1 = 0.7f;
    private const float KlWeight = 0.6f;

    public static TheoryData<int, AutoencoderVariant> Cases => ModelTestData.LayersAndVariants();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_SumOfOutputTimesR_MatchesFiniteDifferencesForEveryParameterAndInput(int layers, AutoencoderVariant variant)
    {
        (LstmAutoencoder model, float[] input, _, float[]? eps) = Setup(layers, variant);
        var graph = new AutoencoderGraph(model, Batch);
        float[] r = ModelTestData.Gaussian(input.Length, seed: 99);
        graph.Forward(input, Batch, eps);
        graph.SetOutputGradient(r);
        graph.ZeroGradients();
        graph.Backward(inputGradient: true);

        var reference = new ReferenceAutoencoder(model.Architecture, model.Parameters);
        double[] x = ModelTestData.ToDouble(input);
        double[]? e = eps is null ? null : ModelTestData.ToDouble(eps);
        double Loss()
        {
            double[] y = reference.Forward(x, Batch, e).Output;
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                s += y[i] * r[i];
            }

            return s;
        }

        CheckAll(model, graph, reference, x, Loss);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_TrainingLoss_MatchesFiniteDifferencesForEveryParameterAndInput(int layers, AutoencoderVariant variant)
    {
        (LstmAutoencoder model, float[] input, float[] target, float[]? eps) = Setup(layers, variant);
        var graph = new AutoencoderGraph(model, Batch);
        graph.Forward(input, Batch, eps);
        double loss = graph.Loss(target, new LossWeights(L1, KlWeight), 1f / Batch);
        graph.ZeroGradients();
        graph.Backward(inputGradient: true);

        var reference = new ReferenceAutoencoder(model.Architecture, model.Parameters);
        double[] x = ModelTestData.ToDouble(input), xt = ModelTestData.ToDouble(target);
        double[]? e = eps is null ? null : ModelTestData.ToDouble(eps);
        double Loss() => reference.Loss(x, xt, Batch, e, L1, KlWeight);
        double expected = Loss();
        Assert.True(Math.Abs(loss - expected) <= 1e-5 * Math.Abs(expected), $"loss {loss} vs reference {expected}");
        CheckAll(model, graph, reference, x, Loss);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_BatchOfWindows_EqualsSumOverSingleWindows(int layers, AutoencoderVariant variant)
    {
        (LstmAutoencoder model, float[] input, float[] target, float[]? eps) = Setup(layers, variant);
        var weights = new LossWeights(L1, KlWeight);
        var batched = new AutoencoderGraph(model, Batch);
        batched.Forward(input, Batch, eps);
        double batchLoss = batched.Loss(target, weights, 1f / Batch);
        batched.ZeroGradients();
        batched.Backward();

        var single = new AutoencoderGraph(model, 1);
        int window = input.Length / Batch, latent = model.Architecture.Latent;
        double sumLoss = 0;
        float[][] sum = model.Parameters.Select(p => new float[p.Data.Length]).ToArray();
        for (int b = 0; b < Batch; b++)
        {
            single.Forward(input.AsSpan(b * window, window), 1, eps is null ? default : eps.AsSpan(b * latent, latent));
            sumLoss += single.Loss(target.AsSpan(b * window, window), weights, 1f / Batch);
            single.ZeroGradients();
            single.Backward();
            for (int i = 0; i < sum.Length; i++)
            {
                for (int j = 0; j < sum[i].Length; j++)
                {
                    sum[i][j] += single.Gradients[i][j];
                }
            }
        }

        Assert.Equal(sumLoss, batchLoss, 1e-6);
        for (int i = 0; i < sum.Length; i++)
        {
            for (int j = 0; j < sum[i].Length; j++)
            {
                float expected = sum[i][j], actual = batched.Gradients[i][j];
                Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                    $"{model.Parameters[i].Name}[{j}]: batched {actual:G9}, sum over windows {expected:G9}");
            }
        }
    }

    private static void CheckAll(LstmAutoencoder model, AutoencoderGraph graph, ReferenceAutoencoder reference, double[] x, Func<double> loss)
    {
        int checkedCount = 0, expectedCount = x.Length;
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            NamedTensor p = model.Parameters[i];
            expectedCount += p.Data.Length;
            checkedCount += FiniteDifference.Check(p.Name, reference.Weights[p.Name], graph.Gradients[i], loss);
        }

        float[] dInput = new float[x.Length];
        graph.CopyInputGradient(dInput);
        checkedCount += FiniteDifference.Check("input", x, dInput, loss);
        Assert.Equal(expectedCount, checkedCount);
    }

    /// <summary>D=3, T=4, H=3, Z=2; Denoising gets a fixed corrupted input, Variational a fixed ε.</summary>
    private static (LstmAutoencoder Model, float[] Input, float[] Target, float[]? Eps) Setup(int layers, AutoencoderVariant variant)
    {
        var architecture = new AutoencoderArchitecture(Features: 3, WindowLength: 4, Hidden: 3, Layers: layers, Latent: 2, variant);
        LstmAutoencoder model = ModelTestData.RandomModel(architecture, seed: 10 + layers);
        float[] target = ModelTestData.Gaussian(Batch * 4 * 3, seed: 5);
        float[] input = (float[])target.Clone();
        if (variant == AutoencoderVariant.Denoising)
        {
            float[] noise = ModelTestData.Gaussian(input.Length, seed: 6, scale: 0.3f);
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = i % 5 == 2 ? 0f : input[i] + noise[i];
            }
        }

        float[]? eps = variant == AutoencoderVariant.Variational ? ModelTestData.Gaussian(Batch * 2, seed: 8) : null;
        return (model, input, target, eps);
    }
}
