using SensorWatch.Core.Model;

namespace SensorWatch.Core.Tests.Model;

public sealed class LstmAutoencoderTests
{
    private static readonly AutoencoderArchitecture s_small = new(Features: 4, WindowLength: 6, Hidden: 5, Layers: 2, Latent: 3);

    public static TheoryData<int, AutoencoderVariant> Cases => ModelTestData.LayersAndVariants();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconstruct_RandomWindows_MatchesDoublePrecisionReference(int layers, AutoencoderVariant variant)
    {
        AutoencoderArchitecture architecture = s_small with { Layers = layers, Variant = variant };
        LstmAutoencoder model = ModelTestData.RandomModel(architecture, seed: 3);
        const int batch = 3;
        float[] x = ModelTestData.Gaussian(batch * 6 * 4, seed: 4);
        float[] y = new float[x.Length];
        float[] z = new float[batch * 3];
        model.Reconstruct(x, batch, y, z, model.CreateWorkspace(batch));

        var reference = new ReferenceAutoencoder(architecture, model.Parameters);
        (double[] expected, _, double[] mu, _) = reference.Forward(ModelTestData.ToDouble(x), batch, eps: null);
        AssertClose(expected, y, 1e-4);
        AssertClose(mu, z, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconstruct_OneWindowAtATime_EqualsBatched(int layers, AutoencoderVariant variant)
    {
        AutoencoderArchitecture architecture = s_small with { Layers = layers, Variant = variant };
        LstmAutoencoder model = ModelTestData.RandomModel(architecture, seed: 5);
        const int batch = 70; // more than one inference chunk
        int window = 6 * 4;
        float[] x = ModelTestData.Gaussian(batch * window, seed: 6);
        float[] batched = new float[x.Length];
        model.Reconstruct(x, batch, batched, default, model.CreateWorkspace(batch));

        InferenceWorkspace single = model.CreateWorkspace(1);
        float[] one = new float[window];
        for (int b = 0; b < batch; b++)
        {
            model.Reconstruct(x.AsSpan(b * window, window), 1, one, default, single);
            // batch 1 runs the GEMM's row kernel, batches its tiles: same math, different summation order
            AssertClose(ModelTestData.ToDouble(one), batched.AsSpan(b * window, window), 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconstruct_SameWindows_AgreesWithTrainingGraphForward(int layers, AutoencoderVariant variant)
    {
        AutoencoderArchitecture architecture = s_small with { Layers = layers, Variant = variant };
        LstmAutoencoder model = ModelTestData.RandomModel(architecture, seed: 7);
        const int batch = 4;
        float[] x = ModelTestData.Gaussian(batch * 6 * 4, seed: 8);
        float[] inference = new float[x.Length], training = new float[x.Length];
        model.Reconstruct(x, batch, inference, default, model.CreateWorkspace(batch));
        var graph = new AutoencoderGraph(model, batch);
        graph.Forward(x, batch, eps: default);
        graph.CopyOutput(training);
        AssertClose(ModelTestData.ToDouble(training), inference, 1e-5);
    }

    [Fact]
    public void Decode_LatentOfReconstruct_ReproducesReconstruction()
    {
        LstmAutoencoder model = ModelTestData.RandomModel(s_small with { Variant = AutoencoderVariant.Variational }, seed: 9);
        const int batch = 5;
        float[] x = ModelTestData.Gaussian(batch * 6 * 4, seed: 10);
        float[] y = new float[x.Length], decoded = new float[x.Length], z = new float[batch * 3];
        InferenceWorkspace workspace = model.CreateWorkspace(batch);
        model.Reconstruct(x, batch, y, z, workspace);
        model.Decode(z, batch, decoded, workspace);
        Assert.Equal(y, decoded);
    }

    [Fact]
    public void Reconstruct_AfterWarmUp_AllocatesNothing()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(s_small, seed: 1);
        const int batch = 70;
        float[] x = ModelTestData.Gaussian(batch * 6 * 4, seed: 2);
        float[] y = new float[x.Length], z = new float[batch * 3];
        InferenceWorkspace workspace = model.CreateWorkspace(batch);
        model.Reconstruct(x, batch, y, z, workspace);
        model.Decode(z, batch, y, workspace);

        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Reconstruct(x, batch, y, z, workspace);
        model.Reconstruct(x, 1, y, default, workspace);
        model.Decode(z, batch, y, workspace);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(1, 70)]
    [InlineData(2, 70)]
    [InlineData(2, 33)]
    public void Reconstruct_SplitOverTwoThreads_EqualsOneThread(int layers, int batch)
    {
        LstmAutoencoder model = ModelTestData.RandomModel(s_small with { Layers = layers }, seed: 13);
        float[] x = ModelTestData.Gaussian(batch * 6 * 4, seed: 14);
        float[] serial = new float[x.Length], parallel = new float[x.Length];
        float[] serialZ = new float[batch * 3], parallelZ = new float[batch * 3];
        model.Reconstruct(x, batch, serial, serialZ, model.CreateWorkspace(batch));
        InferenceWorkspace workspace = model.CreateWorkspace(batch, threads: 2);
        Assert.Equal(2, workspace.Threads);
        model.Reconstruct(x, batch, parallel, parallelZ, workspace);
        AssertClose(ModelTestData.ToDouble(serial), parallel, 1e-5);
        AssertClose(ModelTestData.ToDouble(serialZ), parallelZ, 1e-5);
    }

    [Fact]
    public void Reconstruct_TwoThreadsAfterWarmUp_AllocatesNothingOnCaller()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(s_small, seed: 1);
        const int batch = 64;
        float[] x = ModelTestData.Gaussian(batch * 6 * 4, seed: 2);
        float[] y = new float[x.Length];
        InferenceWorkspace workspace = model.CreateWorkspace(batch, threads: 2);
        for (int i = 0; i < 3; i++)
        {
            model.Reconstruct(x, batch, y, default, workspace);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            model.Reconstruct(x, batch, y, default, workspace);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void FromParameters_ParametersOfModel_RoundTripsExactly()
    {
        LstmAutoencoder model = ModelTestData.RandomModel(s_small with { Variant = AutoencoderVariant.Variational }, seed: 11);
        LstmAutoencoder copy = LstmAutoencoder.FromParameters(model.Architecture, model.Parameters);
        LstmAutoencoder clone = model.Clone();
        foreach (LstmAutoencoder other in new[] { copy, clone })
        {
            Assert.Equal(model.Architecture, other.Architecture);
            Assert.Equal(model.Parameters.Count, other.Parameters.Count);
            for (int i = 0; i < model.Parameters.Count; i++)
            {
                Assert.Equal(model.Parameters[i].Name, other.Parameters[i].Name);
                Assert.Equal(model.Parameters[i].Shape, other.Parameters[i].Shape);
                Assert.Equal(model.Parameters[i].Data, other.Parameters[i].Data);
                Assert.NotSame(model.Parameters[i].Data, other.Parameters[i].Data);
            }
        }

        float[] x = ModelTestData.Gaussian(2 * 6 * 4, seed: 12);
        float[] a = new float[x.Length], b = new float[x.Length];
        model.Reconstruct(x, 2, a, default, model.CreateWorkspace(2));
        clone.Reconstruct(x, 2, b, default, clone.CreateWorkspace(2));
        Assert.Equal(a, b);
    }

    [Fact]
    public void FromParameters_WrongShape_ThrowsNamingExpectedAndFound()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(s_small, seed: 1);
        var parameters = model.Parameters.ToList();
        parameters[1] = new NamedTensor("encoder.0.wh", [4, 20], new float[80]);
        var error = Assert.Throws<InvalidOperationException>(() => LstmAutoencoder.FromParameters(s_small, parameters));
        Assert.Contains("expected 'encoder.0.wh' of shape [5, 20]", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 'encoder.0.wh' of shape [4, 20]", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => LstmAutoencoder.FromParameters(s_small, parameters.Take(3).ToList()));
    }

    [Fact]
    public void Parameters_TwoLayerVariational_HaveStableNamesAndShapes()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(s_small with { Variant = AutoencoderVariant.Variational }, seed: 1);
        string[] expected =
        [
            "encoder.0.wx [4, 20]", "encoder.0.wh [5, 20]", "encoder.0.b [20]",
            "encoder.1.wx [5, 20]", "encoder.1.wh [5, 20]", "encoder.1.b [20]",
            "latent.mean.w [5, 3]", "latent.mean.b [3]", "latent.logvar.w [5, 3]", "latent.logvar.b [3]",
            "decoder.0.wx [3, 20]", "decoder.0.wh [5, 20]", "decoder.0.b [20]",
            "decoder.1.wx [5, 20]", "decoder.1.wh [5, 20]", "decoder.1.b [20]",
            "output.w [5, 4]", "output.b [4]",
        ];
        Assert.Equal(expected, model.Parameters.Select(p => p.ToString()));
    }

    [Fact]
    public void Create_SameSeed_IdenticalAndDifferentSeedDiffers()
    {
        LstmAutoencoder a = LstmAutoencoder.Create(s_small, seed: 5), b = LstmAutoencoder.Create(s_small, seed: 5), c = LstmAutoencoder.Create(s_small, seed: 6);
        Assert.Equal(a.Parameters[0].Data, b.Parameters[0].Data);
        Assert.NotEqual(a.Parameters[0].Data, c.Parameters[0].Data);
        Assert.Equal(1f, a.Parameters[2].Data[5]); // forget-gate bias
    }

    [Fact]
    public void Create_LatentAsWideAsGates_OnlyLstmBiasesGetForgetBiasOne()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(new AutoencoderArchitecture(Features: 20, WindowLength: 3, Hidden: 5, Layers: 1, Latent: 20), seed: 1);
        foreach (NamedTensor p in model.Parameters.Where(p => p.Shape.Length == 1))
        {
            bool lstm = p.Name.StartsWith("encoder.", StringComparison.Ordinal) || p.Name.StartsWith("decoder.", StringComparison.Ordinal);
            Assert.Equal(lstm ? 5f : 0f, p.Data.Sum());
        }
    }

    [Fact]
    public void Reconstruct_Misuse_ThrowsInvalidOperationNamingShapes()
    {
        LstmAutoencoder model = LstmAutoencoder.Create(s_small, seed: 1);
        LstmAutoencoder other = LstmAutoencoder.Create(s_small with { Hidden = 6 }, seed: 1);
        float[] x = new float[3 * 6 * 4], y = new float[x.Length];
        var tooLarge = Assert.Throws<InvalidOperationException>(() => model.Reconstruct(x, 3, y, default, model.CreateWorkspace(2)));
        Assert.Contains("1..2", tooLarge.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => model.Reconstruct(x, 3, y, default, other.CreateWorkspace(3)));
        var shortOutput = Assert.Throws<InvalidOperationException>(() => model.Reconstruct(x, 3, y.AsSpan(1), default, model.CreateWorkspace(3)));
        Assert.Contains("(B, T, D)", shortOutput.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), 1e-1);
            Assert.True(error <= relative, $"[{i}] expected {expected[i]:G9}, found {actual[i]:G9}, relative error {error:G3} > {relative}.");
        }
    }
}
