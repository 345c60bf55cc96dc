using SensorWatch.Core.Tests.Scoring;

namespace SensorWatch.Core.Tests.Retraining;

/// <summary>
/// Windows (count, T, D) of <see cref="TinyDetector"/>'s coupled sines, one every <see cref="Stride"/> rows (so their
/// phases vary), with a slowly rising baseline: window i has <c>drift(i)</c> added to every row of sensors a and b (a
/// common offset, so their relation holds). One row per second; window i starts at row i·Stride.
/// </summary>
internal static class DriftStream
{
    public const int Stride = 5;

    public static float[] Windows(int count, int seed, Func<int, double> drift)
    {
        float[] rows = TinyDetector.Table((count * Stride) + TinyDetector.T, seed).Values;
        float[] windows = SensorWatch.Core.Preprocessing.WindowAssembler.Assemble(rows, TinyDetector.D, TinyDetector.T, Stride)[..(count * TinyDetector.T * TinyDetector.D)];
        int cells = TinyDetector.T * TinyDetector.D;
        for (int i = 0; i < count; i++)
        {
            float offset = (float)drift(i);
            for (int t = 0; t < TinyDetector.T; t++)
            {
                windows[(i * cells) + (t * TinyDetector.D)] += offset;
                windows[(i * cells) + (t * TinyDetector.D) + 1] += offset;
            }
        }

        return windows;
    }

    /// <summary>Adds an abrupt level shift of <paramref name="size"/> to sensor c of windows [from, to).</summary>
    public static void LevelShift(float[] windows, int from, int to, float size)
    {
        int cells = TinyDetector.T * TinyDetector.D;
        for (int i = from; i < to; i++)
        {
            for (int t = 0; t < TinyDetector.T; t++)
            {
                windows[(i * cells) + (t * TinyDetector.D) + 2] += size;
            }
        }
    }

    /// <summary>Fraction of the windows (count, T, D) that <paramref name="detector"/> flags.</summary>
    public static double AlarmRate(SensorWatch.Core.Scoring.AnomalyDetector detector, float[] windows, int count)
    {
        var results = new SensorWatch.Core.Scoring.WindowScore[count];
        detector.CreateScorer(count).Score(windows, count, results, default, default);
        return (double)results.Count(r => r.Anomalous) / count;
    }
}
