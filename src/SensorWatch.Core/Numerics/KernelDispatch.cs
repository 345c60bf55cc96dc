using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SensorWatch.Core.Numerics;

/// <summary>
/// Flat hardware dispatch shared by every kernel. <see cref="ForcedPath"/> is a test hook: production code
/// never sets it. It is per thread, so a test forcing a path never disturbs tests running on other threads.
/// </summary>
internal static class KernelDispatch
{
    [ThreadStatic]
    private static KernelPath s_forcedPath;

    /// <summary>Overrides the path the kernels take on this thread; <see cref="KernelPath.Auto"/> (default) means "fastest available".</summary>
    internal static KernelPath ForcedPath
    {
        get => s_forcedPath;
        set => s_forcedPath = value;
    }

    /// <summary>Vector256 with hardware FMA is available and not disabled by <see cref="ForcedPath"/>.</summary>
    internal static bool UseVector256 =>
        ForcedPath == KernelPath.Auto && Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>The portable <see cref="Vector{T}"/> path applies (the GEMM's 16-wide panels split into whole vectors).</summary>
    internal static bool UsePortable =>
        ForcedPath != KernelPath.Scalar && Vector.IsHardwareAccelerated && Vector<float>.Count <= 16 && 16 % Vector<float>.Count == 0;
}
