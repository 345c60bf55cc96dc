using SensorWatch.Core.Model;

namespace SensorWatch.Core.Tests.Model;

public sealed class AutoencoderArchitectureTests
{
    [Fact]
    public void Validate_SeveralBadFields_ListsEveryOne()
    {
        var architecture = new AutoencoderArchitecture(Features: 0, WindowLength: 8, Hidden: -1, Layers: 0, Latent: 2, (AutoencoderVariant)9);
        IReadOnlyList<string> errors = architecture.Validate();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Features", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hidden", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Layers", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Variant", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => LstmAutoencoder.Create(architecture, seed: 1));
    }

    [Fact]
    public void Validate_ReferenceSmall_IsValid()
    {
        Assert.Empty(new AutoencoderArchitecture(8, 64, 64, 1, 64).Validate());
    }
}
