namespace SensorWatch.Roles.Scorer;

/// <summary>Saving to an optional model store where a failed save is reported, never fatal (the model is still served).</summary>
internal static class ModelStoreSaving
{
    /// <summary>
    /// Saves <paramref name="model"/> when <paramref name="store"/> is set; returns null when saved (or there is no
    /// store), else the reason (an I/O, permission or store error) for the caller to log.
    /// </summary>
    public static string? SaveProblem(this IModelStore? store, IScoringModel model)
    {
        if (store is null)
        {
            return null;
        }

        try
        {
            store.Save(model);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return exception.Message;
        }
    }
}
