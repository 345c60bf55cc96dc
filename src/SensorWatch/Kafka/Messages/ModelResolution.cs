namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The answer of <see cref="IModelCatalog.Resolve"/>: the model key a window belongs to, and the shape it must have.
/// A null <see cref="ModelKey"/> means the window is dead-lettered as <c>unknown-model</c>; a null
/// <see cref="Shape"/> means the key is known but has no model yet (cold start), so only self-consistency is checked.
/// </summary>
internal readonly record struct ModelResolution(string? ModelKey, ModelShape? Shape)
{
    /// <summary>No model for this window.</summary>
    public static ModelResolution Unknown => default;
}
