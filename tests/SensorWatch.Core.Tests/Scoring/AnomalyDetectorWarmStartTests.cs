using SensorWatch.Core.Model;
using SensorWatch.Core.Scoring;

namespace SensorWatch.Core.Tests.Scoring;

public sealed class AnomalyDetectorWarmStartTests
{
    [Fact]
    public void Train_WarmStartFromTrainedModel_FirstEpochLossBelowColdStart()
    {
        var data = TinyDetector.Table(600, seed: 3);
        DetectorOptions options = TinyDetector.Options with { Training = TinyDetector.Options.Training with { Epochs = 2 } };
        AnomalyDetector cold = AnomalyDetector.Train(data, options);
        AnomalyDetector warm = AnomalyDetector.Train(data, options with { InitialModel = TinyDetector.Detector.Model });
        Assert.True(warm.Metadata.TrainLosses[0] < 0.5 * cold.Metadata.TrainLosses[0],
            $"warm first-epoch loss {warm.Metadata.TrainLosses[0]} vs cold {cold.Metadata.TrainLosses[0]}");
    }

    [Fact]
    public void Train_WarmStart_NeverChangesTheInitialModel()
    {
        LstmAutoencoder served = TinyDetector.Detector.Model;
        float[][] before = [.. served.Parameters.Select(p => (float[])p.Data.Clone())];
        DetectorOptions options = TinyDetector.Options with { Training = TinyDetector.Options.Training with { Epochs = 2 }, InitialModel = served };
        AnomalyDetector warm = AnomalyDetector.Train(TinyDetector.Table(400, seed: 4), options);
        Assert.NotSame(served, warm.Model);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i], served.Parameters[i].Data);
        }
    }

    [Fact]
    public void Train_WarmStartWithOtherArchitecture_ThrowsArgumentExceptionNamingBoth()
    {
        DetectorOptions options = TinyDetector.Options with { Hidden = 8, InitialModel = TinyDetector.Detector.Model };
        ArgumentException error = Assert.Throws<ArgumentException>(() => AnomalyDetector.Train(TinyDetector.Table(400, seed: 4), options));
        Assert.Contains("Hidden = 12", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hidden = 8", error.Message, StringComparison.Ordinal);
    }
}
