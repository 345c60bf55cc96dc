namespace SensorWatch.Evaluation;

/// <summary>One SMD machine: train and test matrices (rows × D, row-major) and the test labels.</summary>
/// <param name="Name">Machine name, e.g. <c>machine-1-2</c>.</param>
/// <param name="Features">D, the number of columns.</param>
/// <param name="Train">(N_train, D) training rows.</param>
/// <param name="Test">(N_test, D) test rows.</param>
/// <param name="Labels">(N_test) 1 = anomalous row; empty when the folder has no labels.</param>
internal sealed record SmdMachine(string Name, int Features, float[] Train, float[] Test, bool[] Labels)
{
    /// <summary>Rows in the training split.</summary>
    public int TrainRows => Train.Length / Features;

    /// <summary>Rows in the test split.</summary>
    public int TestRows => Test.Length / Features;
}
