namespace SensorWatch.Core.Tests.Numerics;

/// <summary>Naive double-precision reference of the fused gate step (gate order i, f, g, o).</summary>
internal static class GatedCellReference
{
    public static void Forward(double[] z, double[] cPrev, int batch, int hidden, out double[] act, out double[] c, out double[] tanhC, out double[] h)
    {
        int bh = batch * hidden;
        act = new double[4 * bh];
        c = new double[bh];
        tanhC = new double[bh];
        h = new double[bh];
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                int row = b * 4 * hidden;
                double i = Sigmoid(z[row + j]);
                double f = Sigmoid(z[row + hidden + j]);
                double g = Math.Tanh(z[row + (2 * hidden) + j]);
                double o = Sigmoid(z[row + (3 * hidden) + j]);
                (act[row + j], act[row + hidden + j], act[row + (2 * hidden) + j], act[row + (3 * hidden) + j]) = (i, f, g, o);
                int k = (b * hidden) + j;
                c[k] = (f * cPrev[k]) + (i * g);
                tanhC[k] = Math.Tanh(c[k]);
                h[k] = o * tanhC[k];
            }
        }
    }

    public static void Backward(double[] act, double[] cPrev, double[] tanhC, double[] dh, double[] dcNext, int batch, int hidden, out double[] dz, out double[] dcPrev)
    {
        dz = new double[4 * batch * hidden];
        dcPrev = new double[batch * hidden];
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                int row = b * 4 * hidden;
                int k = (b * hidden) + j;
                double i = act[row + j], f = act[row + hidden + j], g = act[row + (2 * hidden) + j], o = act[row + (3 * hidden) + j];
                double dc = dcNext[k] + (dh[k] * o * (1 - (tanhC[k] * tanhC[k])));
                dz[row + j] = dc * g * i * (1 - i);
                dz[row + hidden + j] = dc * cPrev[k] * f * (1 - f);
                dz[row + (2 * hidden) + j] = dc * i * (1 - (g * g));
                dz[row + (3 * hidden) + j] = dh[k] * tanhC[k] * o * (1 - o);
                dcPrev[k] = dc * f;
            }
        }
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
