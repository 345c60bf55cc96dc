namespace SensorWatch.Core.Model;

/// <summary>Which autoencoder objective a model is trained with.</summary>
public enum AutoencoderVariant
{
    /// <summary>Mean squared reconstruction error.</summary>
    Plain,

    /// <summary>Inputs corrupted (Gaussian noise and random masking) during training; the clean window is rebuilt.</summary>
    Denoising,

    /// <summary>Plain loss plus an L1 penalty on the latent code.</summary>
    Sparse,

    /// <summary>LSTM-VAE: latent mean and log-variance heads, reparameterisation, KL term; inference uses the mean.</summary>
    Variational,
}
