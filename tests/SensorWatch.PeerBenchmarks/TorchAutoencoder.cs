using SensorWatch.Core.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SensorWatch.PeerBenchmarks;

/// <summary>The same single-layer network in TorchSharp (libtorch): LSTM → linear latent → repeated → LSTM → linear.</summary>
internal sealed class TorchAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly LSTM _encoder;
    private readonly Linear _latent;
    private readonly LSTM _decoder;
    private readonly Linear _output;
    private readonly int _steps;

    public TorchAutoencoder(AutoencoderArchitecture a)
        : base("autoencoder")
    {
        _steps = a.WindowLength;
        _encoder = nn.LSTM(a.Features, a.Hidden, batchFirst: true);
        _latent = nn.Linear(a.Hidden, a.Latent);
        _decoder = nn.LSTM(a.Latent, a.Hidden, batchFirst: true);
        _output = nn.Linear(a.Hidden, a.Features);
        RegisterComponents();
    }

    /// <summary>x (B, T, D) → reconstruction (B, T, D).</summary>
    public override Tensor forward(Tensor x)
    {
        (Tensor _, Tensor hn, Tensor _) = _encoder.forward(x);            // hn (1, B, H)
        Tensor z = _latent.forward(hn.squeeze(0));                          // (B, Z)
        Tensor zt = z.unsqueeze(1).expand(z.shape[0], _steps, z.shape[1]);  // (B, T, Z)
        (Tensor y, Tensor _, Tensor _) = _decoder.forward(zt);              // (B, T, H)
        return _output.forward(y);                                          // (B, T, D)
    }

    /// <summary>Copies our parameters in (ours (in, out) row-major, gate order i, f, g, o, the same as PyTorch's).</summary>
    public void Load(IReadOnlyList<NamedTensor> parameters)
    {
        Tensor T(string name, bool transpose)
        {
            NamedTensor p = parameters.Single(q => q.Name == name);
            Tensor t = tensor(p.Data, p.Shape.Select(s => (long)s).ToArray());
            return transpose ? t.t().contiguous() : t;
        }

        using var noGrad = no_grad();
        var named = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        named["_encoder.weight_ih_l0"].copy_(T("encoder.0.wx", true));
        named["_encoder.weight_hh_l0"].copy_(T("encoder.0.wh", true));
        named["_encoder.bias_ih_l0"].copy_(T("encoder.0.b", false));
        named["_encoder.bias_hh_l0"].zero_();
        named["_latent.weight"].copy_(T("latent.w", true));
        named["_latent.bias"].copy_(T("latent.b", false));
        named["_decoder.weight_ih_l0"].copy_(T("decoder.0.wx", true));
        named["_decoder.weight_hh_l0"].copy_(T("decoder.0.wh", true));
        named["_decoder.bias_ih_l0"].copy_(T("decoder.0.b", false));
        named["_decoder.bias_hh_l0"].zero_();
        named["_output.weight"].copy_(T("output.w", true));
        named["_output.bias"].copy_(T("output.b", false));
    }
}
