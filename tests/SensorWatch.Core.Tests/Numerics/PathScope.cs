using SensorWatch.Core.Numerics;

namespace SensorWatch.Core.Tests.Numerics;

/// <summary>Forces a kernel path on the current thread for the scope's lifetime.</summary>
internal sealed class PathScope : IDisposable
{
    private readonly KernelPath _previous;

    public PathScope(KernelPath path)
    {
        _previous = KernelDispatch.ForcedPath;
        KernelDispatch.ForcedPath = path;
    }

    public void Dispose() => KernelDispatch.ForcedPath = _previous;
}
