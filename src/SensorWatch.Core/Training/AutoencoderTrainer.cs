using SensorWatch.Core.Model;

namespace SensorWatch.Core.Training;

/// <summary>
/// Mini-batch Adam training of an <see cref="LstmAutoencoder"/> with global-norm clipping, a seeded validation split,
/// early stopping that restores the best weights, and batch parallelism that is bit-identical for any thread count.
/// </summary>
public static class AutoencoderTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place on windows (N, T, D), standardised, batch-major, N = <paramref name="count"/>.
    /// Keeps the best-validation weights. Divergence (NaN/Inf loss, gradient or weights) never throws: it returns
    /// Converged = false with a reason. Bad arguments throw <see cref="ArgumentException"/>; cancellation throws
    /// <see cref="OperationCanceledException"/> after restoring the best weights seen so far.
    /// </summary>
    public static TrainingResult Train(LstmAutoencoder model, ReadOnlySpan<float> windows, int count, TrainingOptions options,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid training options: " + string.Join(" ", errors), nameof(options));
        }

        AutoencoderArchitecture a = model.Architecture;
        int window = a.WindowLength * a.Features;
        if (count < 1)
        {
            throw new ArgumentException($"Training needs at least one window, found count = {count}.", nameof(count));
        }

        if ((long)count * window > windows.Length)
        {
            throw new ArgumentException(
                $"windows has {windows.Length} values, {count} windows of shape (T, D) = ({a.WindowLength}, {a.Features}) need {(long)count * window}.",
                nameof(windows));
        }

        ReadOnlySpan<float> data = windows[..(count * window)];  // read in place, never copied
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                throw new ArgumentException(
                    $"Window {i / window} holds {data[i]} at step {i % window / a.Features}, feature {i % a.Features}; impute or drop it before training.",
                    nameof(windows));
            }
        }

        var run = new TrainingRun(model, count, options);
        return run.Execute(data, progress, cancellationToken);
    }
}
