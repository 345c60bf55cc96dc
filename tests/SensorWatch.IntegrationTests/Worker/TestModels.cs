namespace SensorWatch.IntegrationTests.Worker;

/// <summary>Pre-trained models for tests that skip the cold start (fitted on <see cref="WindowJson"/> normal windows).</summary>
internal static class TestModels
{
    /// <summary>The default model, slowed by <paramref name="delay"/> per batch.</summary>
    public static StatisticalTestModel Slow(TimeSpan delay)
    {
        StatisticalTestModel model = Default();
        return new StatisticalTestModel(model.ModelKey, model.WindowLength, model.Mean, model.Std, model.Threshold, model.Version) { ScoreDelay = delay };
    }

    public static StatisticalTestModel Default(string key = "default")
    {
        StatisticalTestTrainer trainer = new() { Delay = TimeSpan.Zero };
        int size = WindowJson.Length * WindowJson.Features;
        float[] windows = new float[40 * size];
        for (int i = 0; i < 40; i++)
        {
            using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(WindowJson.Window("fit", i));
            int t = 0;
            foreach (System.Text.Json.JsonElement row in document.RootElement.GetProperty("values").EnumerateArray())
            {
                int d = 0;
                foreach (System.Text.Json.JsonElement value in row.EnumerateArray())
                {
                    windows[(i * size) + (t * WindowJson.Features) + d] = value.GetSingle();
                    d++;
                }

                t++;
            }
        }

        return (StatisticalTestModel)trainer.Train(key, windows, 40, WindowJson.Length, ["f0", "f1", "f2"], out _, CancellationToken.None)!;
    }
}
