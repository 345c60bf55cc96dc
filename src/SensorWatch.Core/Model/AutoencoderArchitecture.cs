namespace SensorWatch.Core.Model;

/// <summary>
/// The shape of an LSTM sequence autoencoder. Legend: D features, T window length (steps), H hidden units of
/// every LSTM layer, L stacked layers on each side (encoder and decoder), Z latent size.
/// </summary>
/// <param name="Features">D, features per step (≥ 1).</param>
/// <param name="WindowLength">T, steps per window (≥ 1).</param>
/// <param name="Hidden">H, hidden units per LSTM layer (≥ 1).</param>
/// <param name="Layers">L, LSTM layers in the encoder and again in the decoder (≥ 1).</param>
/// <param name="Latent">Z, latent code size (≥ 1).</param>
/// <param name="Variant">The training objective.</param>
public sealed record AutoencoderArchitecture(int Features, int WindowLength, int Hidden, int Layers, int Latent,
    AutoencoderVariant Variant = AutoencoderVariant.Plain)
{
    private const int MaxDimension = 1 << 14;

    /// <summary>Every problem with this architecture, one line per bad field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(Features), Features);
        Check(errors, nameof(WindowLength), WindowLength);
        Check(errors, nameof(Hidden), Hidden);
        if (Layers is < 1 or > 16)
        {
            errors.Add($"{nameof(Layers)} must be between 1 and 16, found {Layers}.");
        }

        Check(errors, nameof(Latent), Latent);
        if (!Enum.IsDefined(Variant))
        {
            errors.Add($"{nameof(Variant)} must be one of {string.Join(", ", Enum.GetNames<AutoencoderVariant>())}, found {(int)Variant}.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every bad field when <see cref="Validate"/> finds any.</summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid autoencoder architecture: " + string.Join(" ", errors));
        }
    }

    private static void Check(List<string> errors, string name, int value)
    {
        if (value is < 1 or > MaxDimension)
        {
            errors.Add($"{name} must be between 1 and {MaxDimension}, found {value}.");
        }
    }
}
