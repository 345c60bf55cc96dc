namespace SensorWatch.Core.Retraining;

/// <summary>The content of a model key's <c>current</c> file: the served version, whether an operator pinned it,
/// and the version served before it (what a rollback returns to).</summary>
internal sealed record ModelPointer(int Version, bool Pinned, int? Previous);
