using SensorWatch.Core.Model;
using SensorWatch.Core.Training;

namespace SensorWatch.Core.Tests.Training;

public sealed class AutoencoderTrainerTests
{
    private static readonly AutoencoderArchitecture s_tiny = new(Features: 2, WindowLength: 8, Hidden: 8, Layers: 1, Latent: 3);

    [Theory]
    [InlineData(AutoencoderVariant.Plain)]
    [InlineData(AutoencoderVariant.Denoising)]
    [InlineData(AutoencoderVariant.Sparse)]
    [InlineData(AutoencoderVariant.Variational)]
    public void Train_SameSeedOneAndTwoThreads_BitIdenticalWeights(AutoencoderVariant variant)
    {
        AutoencoderArchitecture architecture = s_tiny with { Variant = variant };
        float[] windows = Sines(count: 24, steps: 8, features: 2, seed: 1);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 8, ShardSize = 3, Seed = 7, ValidationFraction = 0.25 };
        LstmAutoencoder one = LstmAutoencoder.Create(architecture, seed: 3), two = one.Clone(), again = one.Clone();
        TrainingResult r1 = AutoencoderTrainer.Train(one, windows, 24, options with { Threads = 1 });
        TrainingResult r2 = AutoencoderTrainer.Train(two, windows, 24, options with { Threads = 2 });
        TrainingResult r3 = AutoencoderTrainer.Train(again, windows, 24, options with { Threads = 1 });
        Assert.True(r1.Converged, r1.FailureReason);
        Assert.Equal(r1.TrainLosses, r2.TrainLosses);
        Assert.Equal(r1.ValidationLosses, r2.ValidationLosses);
        Assert.Equal(r1.TrainLosses, r3.TrainLosses);
        for (int i = 0; i < one.Parameters.Count; i++)
        {
            Assert.Equal(one.Parameters[i].Data, two.Parameters[i].Data);
            Assert.Equal(one.Parameters[i].Data, again.Parameters[i].Data);
        }
    }

    [Theory]
    [InlineData(AutoencoderVariant.Plain, 0.02)]         // measured 0.0047
    [InlineData(AutoencoderVariant.Denoising, 0.04)]     // measured 0.0128
    [InlineData(AutoencoderVariant.Sparse, 0.02)]        // measured 0.0055
    [InlineData(AutoencoderVariant.Variational, 0.08)]   // measured 0.0262 (MSE + KL term)
    public void Train_SeededSines_ValidationLossBelowCeiling(AutoencoderVariant variant, double ceiling)
    {
        // windows of two phase-shifted sines with random phase: variance 0.5 per cell, so predicting 0 scores 0.5
        var architecture = new AutoencoderArchitecture(Features: 2, WindowLength: 16, Hidden: 16, Layers: 1, Latent: 4, variant);
        float[] windows = Sines(count: 96, steps: 16, features: 2, seed: 2);
        LstmAutoencoder model = LstmAutoencoder.Create(architecture, seed: 1);
        var options = new TrainingOptions { Epochs = 40, BatchSize = 16, LearningRate = 1e-2f, Seed = 3, ValidationFraction = 0.25, Patience = 0, Threads = 1 };
        TrainingResult result = AutoencoderTrainer.Train(model, windows, 96, options);
        Assert.True(result.Converged, result.FailureReason);
        Assert.Equal(40, result.EpochsRun);
        double first = result.ValidationLosses[0], best = result.ValidationLosses[result.BestEpoch - 1];
        Assert.True(best < ceiling, $"{variant}: best validation loss {best} (first epoch {first}) is not below the ceiling {ceiling}");
    }

    [Fact]
    public void Train_EarlyStopping_RestoresBestValidationWeights()
    {
        float[] windows = Sines(count: 40, steps: 8, features: 2, seed: 4);
        LstmAutoencoder model = LstmAutoencoder.Create(s_tiny, seed: 2);
        var options = new TrainingOptions { Epochs = 12, BatchSize = 8, LearningRate = 5e-2f, Seed = 5, ValidationFraction = 0.3, Patience = 2 };
        TrainingResult result = AutoencoderTrainer.Train(model, windows, 40, options);
        Assert.True(result.Converged, result.FailureReason);
        Assert.Equal(result.ValidationLosses.Min(), result.ValidationLosses[result.BestEpoch - 1]);

        // the model now scores the validation windows exactly as in its best epoch
        int window = 8 * 2, n = result.ValidationIndices.Length;
        float[] x = new float[n * window], y = new float[n * window];
        for (int i = 0; i < n; i++)
        {
            windows.AsSpan(result.ValidationIndices[i] * window, window).CopyTo(x.AsSpan(i * window));
        }

        model.Reconstruct(x, n, y, default, model.CreateWorkspace(n));
        double mse = x.Zip(y, (a, b) => (double)(a - b) * (a - b)).Sum() / x.Length;
        Assert.Equal(result.ValidationLosses[result.BestEpoch - 1], mse, 1e-5);
    }

    [Fact]
    public void Train_HugeLearningRate_ReturnsNotConvergedWithReasonAndFiniteWeights()
    {
        float[] windows = Sines(count: 16, steps: 8, features: 2, seed: 6);
        LstmAutoencoder model = LstmAutoencoder.Create(s_tiny, seed: 2);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 4, LearningRate = 1e38f, ClipNorm = 0, Seed = 1 };
        TrainingResult result = AutoencoderTrainer.Train(model, windows, 16, options);
        Assert.False(result.Converged);
        Assert.Matches("became (NaN|-?∞|-?Infinity)", result.FailureReason);
        Assert.All(model.Parameters, p => Assert.All(p.Data, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Train_Split_IsSeededDisjointAndComplete()
    {
        float[] windows = Sines(count: 20, steps: 8, features: 2, seed: 6);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 8, ValidationFraction = 0.25, Seed = 9 };
        TrainingResult a = AutoencoderTrainer.Train(LstmAutoencoder.Create(s_tiny, 1), windows, 20, options);
        TrainingResult b = AutoencoderTrainer.Train(LstmAutoencoder.Create(s_tiny, 1), windows, 20, options);
        Assert.Equal(5, a.ValidationIndices.Length);
        Assert.Equal(Enumerable.Range(0, 20), a.TrainIndices.Concat(a.ValidationIndices).Order());
        Assert.Equal(a.ValidationIndices, b.ValidationIndices);
    }

    [Fact]
    public void Train_Progress_ReportsEveryEpoch()
    {
        float[] windows = Sines(count: 12, steps: 8, features: 2, seed: 6);
        var progress = new CollectingProgress();
        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, Patience = 0, ValidationFraction = 0 };
        TrainingResult result = AutoencoderTrainer.Train(LstmAutoencoder.Create(s_tiny, 1), windows, 12, options, progress);
        Assert.Equal([1, 2, 3], progress.Reports.Select(r => r.Epoch));
        Assert.All(progress.Reports, r => Assert.True(double.IsNaN(r.ValidationLoss)));
        Assert.Equal(result.TrainLosses, progress.Reports.Select(r => r.TrainLoss));
    }

    [Fact]
    public void Train_CancelledToken_ThrowsOperationCanceled()
    {
        float[] windows = Sines(count: 12, steps: 8, features: 2, seed: 6);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        LstmAutoencoder model = LstmAutoencoder.Create(s_tiny, 1);
        float[] before = (float[])model.Parameters[0].Data.Clone();
        Assert.Throws<OperationCanceledException>(() =>
            AutoencoderTrainer.Train(model, windows, 12, new TrainingOptions { Epochs = 2 }, cancellationToken: cancellation.Token));
        Assert.Equal(before, model.Parameters[0].Data);
    }

    [Fact]
    public void Train_BadArguments_ThrowArgumentExceptionListingProblems()
    {
        float[] windows = Sines(count: 4, steps: 8, features: 2, seed: 6);
        LstmAutoencoder model = LstmAutoencoder.Create(s_tiny, 1);
        var error = Assert.Throws<ArgumentException>(() =>
            AutoencoderTrainer.Train(model, windows, 4, new TrainingOptions { Epochs = 0, BatchSize = 0 }));
        Assert.Contains("Epochs", error.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train(model, windows, 5, new TrainingOptions()));
        windows[17] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train(model, windows, 4, new TrainingOptions()));
        Assert.Contains("Window 1", nan.Message, StringComparison.Ordinal);
    }

    /// <summary>(N, T, D) windows: feature j at step t is sin(ω·t + φ + j·π/3) with a seeded random phase φ per window.</summary>
    internal static float[] Sines(int count, int steps, int features, int seed)
    {
        var random = new Random(seed);
        float[] windows = new float[count * steps * features];
        for (int n = 0; n < count; n++)
        {
            double phase = random.NextDouble() * 2 * Math.PI;
            for (int t = 0; t < steps; t++)
            {
                for (int j = 0; j < features; j++)
                {
                    windows[(((n * steps) + t) * features) + j] = (float)Math.Sin((0.6 * t) + phase + (j * Math.PI / 3));
                }
            }
        }

        return windows;
    }

    private sealed class CollectingProgress : IProgress<EpochReport>
    {
        public List<EpochReport> Reports { get; } = [];

        public void Report(EpochReport value) => Reports.Add(value);
    }
}
