using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Model;

/// <summary>
/// The element-wise part of one LSTM step for a batch, forward and backward side by side. Legend: B rows, H hidden.
/// Each gates row is [i | f | g | o], H wide each (input, forget, candidate, output).
/// <code>
/// i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
/// c_t = f ⊙ c_{t-1} + i ⊙ g      h_t = o ⊙ tanh(c_t)
/// </code>
/// </summary>
internal static class LstmCell
{
    /// <summary>
    /// gates (B, 4H): in pre-activations, out activations i, f, g, o. cPrev (B, H) c_{t-1}; c (B, H) out c_t (may alias
    /// cPrev); tanhC (B, H) out tanh(c_t); h (B, H) out h_t.
    /// </summary>
    public static void Forward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h, int batch, int hidden)
    {
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            Span<float> row = gates.Slice(b * g4, g4);
            Span<float> ifGates = row[..(2 * hidden)];
            Span<float> candidate = row.Slice(2 * hidden, hidden);
            Span<float> output = row.Slice(3 * hidden, hidden);
            Activations.Sigmoid(ifGates, ifGates);
            Activations.Tanh(candidate, candidate);
            Activations.Sigmoid(output, output);
            int o = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                // c_t = f ⊙ c_{t-1} + i ⊙ g
                c[o + j] = (row[hidden + j] * cPrev[o + j]) + (row[j] * candidate[j]);
            }
        }

        int n = batch * hidden;
        Activations.Tanh(c[..n], tanhC[..n]);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> output = gates.Slice((b * g4) + (3 * hidden), hidden);
            int o = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                // h_t = o ⊙ tanh(c_t)
                h[o + j] = output[j] * tanhC[o + j];
            }
        }
    }

    /// <summary>
    /// Differentiates <see cref="Forward"/>. gates (B, 4H) the activations; cPrev (B, H) c_{t-1}; tanhC (B, H);
    /// dh (B, H) total dL/dh_t; dc (B, H) in dL/dc_t arriving from step t+1, out dL/dc_{t-1};
    /// dGates (B, 4H) out dL/d(pre-activations).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dGates, int batch, int hidden)
    {
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> row = gates.Slice(b * g4, g4);
            Span<float> dRow = dGates.Slice(b * g4, g4);
            int o = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float i = row[j], f = row[hidden + j], g = row[(2 * hidden) + j], og = row[(3 * hidden) + j];
                float tc = tanhC[o + j];
                float dhj = dh[o + j];
                // h = o ⊙ tanh(c): do = dh ⊙ tanh(c), dc += dh ⊙ o ⊙ (1 − tanh²(c))
                float dOut = dhj * tc;
                float dcj = dc[o + j] + (dhj * og * (1f - (tc * tc)));
                // c = f ⊙ c_prev + i ⊙ g
                dRow[j] = dcj * g * i * (1f - i);
                dRow[hidden + j] = dcj * cPrev[o + j] * f * (1f - f);
                dRow[(2 * hidden) + j] = dcj * i * (1f - (g * g));
                dRow[(3 * hidden) + j] = dOut * og * (1f - og);
                dc[o + j] = dcj * f;
            }
        }
    }
}
