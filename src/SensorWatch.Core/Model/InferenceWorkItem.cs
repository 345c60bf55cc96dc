using System.Runtime.ExceptionServices;

namespace SensorWatch.Core.Model;

/// <summary>
/// One part of a large Reconstruct batch run on a thread-pool thread with its own workspace: an independent copy of
/// the network per core. Pre-allocated with the workspace, so queueing it allocates nothing. The caller keeps the
/// input and output pinned until <see cref="Wait"/> returns.
/// </summary>
internal sealed unsafe class InferenceWorkItem : IThreadPoolWorkItem
{
    private readonly object _gate = new();   // guards _finished; Monitor needs no per-call allocation
    private bool _finished = true;
    private LstmAutoencoder? _model;
    private float* _x;
    private float* _reconstruction;
    private float* _latent;
    private int _batch;
    private ExceptionDispatchInfo? _error;

    public InferenceWorkItem(InferenceWorkspace workspace)
    {
        Workspace = workspace;
    }

    /// <summary>The single-threaded workspace this part runs in.</summary>
    public InferenceWorkspace Workspace { get; }

    /// <summary>Queues the part: x (n, T, D), reconstruction (n, T, D), latent (n, Z) or null.</summary>
    public void Start(LstmAutoencoder model, float* x, int batch, float* reconstruction, float* latent)
    {
        _model = model;
        _x = x;
        _batch = batch;
        _reconstruction = reconstruction;
        _latent = latent;
        _error = null;
        lock (_gate)
        {
            _finished = false;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Blocks until the part finished; rethrows its exception.</summary>
    public void Wait()
    {
        lock (_gate)
        {
            while (!_finished)
            {
                Monitor.Wait(_gate);
            }
        }

        _error?.Throw();
    }

    public void Execute()
    {
        try
        {
            AutoencoderArchitecture a = _model!.Architecture;
            int window = a.WindowLength * a.Features;
            var x = new ReadOnlySpan<float>(_x, _batch * window);
            var reconstruction = new Span<float>(_reconstruction, _batch * window);
            Span<float> latent = _latent == null ? default : new Span<float>(_latent, _batch * a.Latent);
            _model.ReconstructSerial(x, _batch, reconstruction, latent, Workspace);
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            lock (_gate)
            {
                _finished = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
