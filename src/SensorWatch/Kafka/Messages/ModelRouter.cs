using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// The configured routing as an <see cref="IModelCatalog"/>: the message's <c>model</c> when given, else the first
/// <see cref="ModelRule"/> whose pattern matches the sensorId, else the default model; none of these → unknown-model.
/// An explicit <c>model</c> must pass <paramref name="isKnown"/> (the worker passes its registry's membership test;
/// null accepts any name, so a new key starts its cold start). The shape comes from <paramref name="shapeOf"/>
/// (null during cold start).
/// </summary>
internal sealed class ModelRouter(
    string? defaultModel,
    IReadOnlyList<ModelRule> rules,
    Func<string, ModelShape?> shapeOf,
    Func<string, bool>? isKnown = null) : IModelCatalog
{
    public ModelResolution Resolve(string sensorId, string? requestedModel)
    {
        string? key = requestedModel;
        if (key is not null)
        {
            if (isKnown is not null && !isKnown(key))
            {
                return ModelResolution.Unknown;
            }
        }
        else
        {
            key = Route(sensorId);
        }

        return key is null ? ModelResolution.Unknown : new ModelResolution(key, shapeOf(key));
    }

    /// <summary>The model key routing gives <paramref name="sensorId"/> (rules, then default), or null.</summary>
    public string? Route(string sensorId)
    {
        for (int i = 0; i < rules.Count; i++)
        {
            // Indexed, not foreach: enumerating an IReadOnlyList boxes its enumerator on every window.
            if (rules[i].Matches(sensorId))
            {
                return rules[i].Model;
            }
        }

        return string.IsNullOrEmpty(defaultModel) ? null : defaultModel;
    }
}
