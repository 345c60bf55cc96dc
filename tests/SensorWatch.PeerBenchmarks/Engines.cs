using Microsoft.ML.OnnxRuntime;
using SensorWatch.Core.Model;
using SensorWatch.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SensorWatch.PeerBenchmarks;

/// <summary>A scorer under test: x (B, T, D) → reconstruction (B, T, D).</summary>
internal interface IEngine : IDisposable
{
    string Name { get; }

    float[] Reconstruct(float[] x, int batch);
}

/// <summary>Ours: <see cref="LstmAutoencoder.Reconstruct"/> with a workspace made once.</summary>
internal sealed class OursEngine(LstmAutoencoder model, int maxBatch) : IEngine
{
    private readonly InferenceWorkspace _workspace = model.CreateWorkspace(maxBatch);
    private readonly float[] _output = new float[maxBatch * model.Architecture.WindowLength * model.Architecture.Features];

    public string Name => "ours";

    public float[] Reconstruct(float[] x, int batch)
    {
        int window = model.Architecture.WindowLength * model.Architecture.Features;
        model.Reconstruct(x.AsSpan(0, batch * window), batch, _output.AsSpan(0, batch * window), default, _workspace);
        return _output;
    }

    public void Dispose()
    {
    }
}

/// <summary>ONNX Runtime, one intra-op and one inter-op thread, all graph optimisations, sequential execution.</summary>
internal sealed class OnnxEngine : IEngine
{
    private readonly InferenceSession _session;
    private readonly Dictionary<int, OrtValue> _inputs = [];
    private readonly AutoencoderArchitecture _a;
    private readonly string _path;
    private float[] _output = [];

    public OnnxEngine(AutoencoderArchitecture a, LstmAutoencoder model)
    {
        _a = a;
        _path = Path.Combine(Path.GetTempPath(), $"sensorwatch-peer-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(_path, OnnxModelWriter.Write(a, model.Parameters));
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(_path, options);
    }

    public string Name => "ONNX Runtime";

    public float[] Reconstruct(float[] x, int batch)
    {
        int window = _a.WindowLength * _a.Features;
        if (!_inputs.TryGetValue(batch, out OrtValue? input))
        {
            input = OrtValue.CreateTensorValueFromMemory(x[..(batch * window)], [batch, _a.WindowLength, _a.Features]);
            _inputs[batch] = input;
        }

        using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(new RunOptions(), ["x"], [input], ["y"]);
        ReadOnlySpan<float> y = results[0].GetTensorDataAsSpan<float>();
        if (_output.Length < y.Length)
        {
            _output = new float[y.Length];
        }

        y.CopyTo(_output);
        return _output;
    }

    public void Dispose()
    {
        foreach (OrtValue value in _inputs.Values)
        {
            value.Dispose();
        }

        _session.Dispose();
        File.Delete(_path);
    }
}

/// <summary>TorchSharp-cpu (libtorch), eval mode, no_grad.</summary>
internal sealed class TorchEngine : IEngine
{
    private readonly TorchAutoencoder _module;
    private readonly Dictionary<int, Tensor> _inputs = [];
    private readonly AutoencoderArchitecture _a;
    private float[] _output = [];

    public TorchEngine(AutoencoderArchitecture a, LstmAutoencoder model)
    {
        _a = a;
        _module = new TorchAutoencoder(a);
        _module.Load(model.Parameters);
        _module.eval();
    }

    public string Name => "TorchSharp";

    public float[] Reconstruct(float[] x, int batch)
    {
        int window = _a.WindowLength * _a.Features;
        if (!_inputs.TryGetValue(batch, out Tensor? input))
        {
            input = tensor(x[..(batch * window)], [batch, _a.WindowLength, _a.Features]);
            _inputs[batch] = input;
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor y = _module.forward(input);
        float[] data = y.data<float>().ToArray();
        _output = data;
        return _output;
    }

    public void Dispose()
    {
        foreach (Tensor t in _inputs.Values)
        {
            t.Dispose();
        }

        _module.Dispose();
    }
}

/// <summary>Our trainer's mini-batch step (Adam, clipping, batch 64, one thread) on a fixed set of windows.</summary>
internal sealed class OursTrainer : IDisposable
{
    private readonly TrainingRun _run;
    private readonly float[] _windows;       // (N, T, D)
    private readonly int[] _indices = Enumerable.Range(0, 64).ToArray();
    private int _step;

    public OursTrainer(LstmAutoencoder model, float[] windows, int count)
    {
        var options = new TrainingOptions { BatchSize = 64, Threads = 1, ValidationFraction = 0.1, Epochs = 1 };
        _windows = windows;
        _run = new TrainingRun(model, count, options);
    }

    public void Step() => _run.Step(_windows, _indices, 0, _step++);

    public void Dispose()
    {
    }
}

/// <summary>TorchSharp training step: forward, MSE, backward, Adam, batch 64.</summary>
internal sealed class TorchTrainer : IDisposable
{
    private readonly TorchAutoencoder _module;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _x;

    public TorchTrainer(AutoencoderArchitecture a, LstmAutoencoder model, float[] windows)
    {
        _module = new TorchAutoencoder(a);
        _module.Load(model.Parameters);
        _module.train();
        _optimizer = optim.Adam(_module.parameters(), 1e-3);
        _x = tensor(windows[..(64 * a.WindowLength * a.Features)], [64, a.WindowLength, a.Features]);
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = nn.functional.mse_loss(_module.forward(_x), _x);
        loss.backward();
        _optimizer.step();
    }

    public void Dispose()
    {
        _x.Dispose();
        _optimizer.Dispose();
        _module.Dispose();
    }
}
