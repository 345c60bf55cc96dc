namespace SensorWatch.Core.Numerics;

/// <summary>The instruction paths a kernel can take. Tests force a path to check that every path agrees.</summary>
internal enum KernelPath
{
    /// <summary>The fastest path the hardware supports (Vector256 + FMA on x64 with AVX2).</summary>
    Auto,

    /// <summary><see cref="System.Numerics.Vector{T}"/> of whatever width the runtime picked (GEMM only; elsewhere as Scalar).</summary>
    Portable,

    /// <summary>Plain scalar loops with the same operation order as the vector code.</summary>
    Scalar,
}
