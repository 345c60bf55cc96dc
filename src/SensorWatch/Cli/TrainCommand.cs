using System.CommandLine;
using System.Globalization;
using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Scoring;
using SensorWatch.Core.Snapshots;
using SensorWatch.Core.Training;

namespace SensorWatch.Cli;

/// <summary><c>sensorwatch train</c>: fits a detector on CSV rows or JSONL windows and writes the model file and a loss-curve PNG.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        Option<string> input = new("--input") { Description = "CSV (plain or .gz; header with a timestamp column, or headerless numeric rows as in SMD) or JSONL window messages.", Required = true };
        Option<string> output = new("--out") { Description = "Model file to write (e.g. model.swm); the loss curve goes beside it as <name>.loss.png.", Required = true };
        Option<int> window = new("--window") { Description = "T, steps per window.", DefaultValueFactory = _ => 64 };
        Option<int> stride = new("--stride") { Description = "Rows between training windows.", DefaultValueFactory = _ => 1 };
        Option<int> hidden = new("--hidden") { Description = "H, LSTM units.", DefaultValueFactory = _ => 64 };
        Option<int> latent = new("--latent") { Description = "Z, latent size.", DefaultValueFactory = _ => 16 };
        Option<int> layers = new("--layers") { Description = "L, LSTM layers on each side.", DefaultValueFactory = _ => 1 };
        Option<int> epochs = new("--epochs") { Description = "Most epochs (early stopping may end sooner).", DefaultValueFactory = _ => 30 };
        Option<int> batch = new("--batch") { Description = "Windows per mini-batch.", DefaultValueFactory = _ => 64 };
        Option<float> learningRate = new("--learning-rate") { Description = "Adam step size.", DefaultValueFactory = _ => 1e-3f };
        Option<int> patience = new("--patience") { Description = "Epochs without improvement before stopping (0 = never).", DefaultValueFactory = _ => 5 };
        Option<string> variant = new("--variant") { Description = "plain | denoising | sparse | variational.", DefaultValueFactory = _ => "plain" };
        variant.AcceptOnlyFromAmong(DetectorOptionNames.Variants);
        Option<int> seed = new("--seed") { Description = "Seed of every random draw.", DefaultValueFactory = _ => 42 };
        Option<string> scoreMode = new("--score-mode") { Description = "auto (nll for variational, else mahalanobis) | mse | max | mahalanobis | nll.", DefaultValueFactory = _ => "auto" };
        scoreMode.AcceptOnlyFromAmong(DetectorOptionNames.ScoreModes);
        Option<int> scoreTail = new("--score-tail") { Description = "Score only the last N steps of each window (0 = all).", DefaultValueFactory = _ => 0 };
        Option<int> residualLags = new("--residual-lags")
        {
            Description = "Also score what a per-feature predictor of the error from its last N steps misses (a changed oscillation); 0 = off, at most window/2.",
            DefaultValueFactory = _ => 0,
        };
        Option<string> thresholdMethod = new("--threshold") { Description = "pot (peaks over threshold) | quantile.", DefaultValueFactory = _ => "pot" };
        thresholdMethod.AcceptOnlyFromAmong(DetectorOptionNames.ThresholdMethods);
        Option<double> falseAlarmRate = new("--false-alarm-rate") { Description = "Target fraction of normal windows flagged.", DefaultValueFactory = _ => 0.001 };
        Option<double> calibrationFraction = new("--calibration-fraction") { Description = "Last fraction of the input held out to calibrate the threshold.", DefaultValueFactory = _ => 0.2 };
        Option<double> maxMissing = new("--max-missing") { Description = "Largest fraction of missing cells per window that is imputed; more is refused.", DefaultValueFactory = _ => 0.2 };
        Option<int> threads = new("--threads") { Description = "Training threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        Option<bool> noPlot = new("--no-plot") { Description = "Do not write the loss-curve PNG." };

        Command command = new("train", "Train an LSTM-autoencoder anomaly detector on normal data and write the model file.");
        foreach (Option option in new Option[] { input, output, window, stride, hidden, latent, layers, epochs, batch, learningRate, patience, variant, seed, scoreMode, scoreTail, residualLags, thresholdMethod, falseAlarmRate, calibrationFraction, maxMissing, threads, noPlot })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Run(() =>
        {
            DetectorOptions options = new()
            {
                WindowLength = parse.GetValue(window),
                Stride = parse.GetValue(stride),
                Hidden = parse.GetValue(hidden),
                Latent = parse.GetValue(latent),
                Layers = parse.GetValue(layers),
                Variant = DetectorOptionNames.Variant(parse.GetValue(variant)!),
                ScoreMode = DetectorOptionNames.ScoreMode(parse.GetValue(scoreMode)!),
                ScoreTail = parse.GetValue(scoreTail),
                ResidualLags = parse.GetValue(residualLags),
                ThresholdMethod = DetectorOptionNames.ThresholdMethod(parse.GetValue(thresholdMethod)!),
                TargetFalseAlarmRate = parse.GetValue(falseAlarmRate),
                CalibrationFraction = parse.GetValue(calibrationFraction),
                MaxMissingFraction = parse.GetValue(maxMissing),
                Training = new TrainingOptions
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(learningRate),
                    Patience = parse.GetValue(patience),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                },
                Lineage = new Dictionary<string, string> { ["source"] = Path.GetFileName(parse.GetValue(input)!), ["trigger"] = "cli" },
            };
            return Train(parse.GetValue(input)!, parse.GetValue(output)!, options, !parse.GetValue(noPlot), cancellationToken);
        })));
        return command;
    }

    private static int Train(string inputPath, string modelPath, DetectorOptions options, bool plot, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid options: " + string.Join(" ", problems));
        }

        AnomalyDetector detector;
        if (SensorDataReader.IsWindowFile(inputPath))
        {
            WindowSet windows = JsonlWindowReader.Read(inputPath);
            Console.Error.WriteLine($"read {windows.Count} windows of {windows.WindowLength}×{windows.FeatureCount} from {inputPath}");
            detector = TrainingProgressDisplay.Run(options.Training.Epochs, progress => AnomalyDetector.Train(windows, options, progress, cancellationToken));
        }
        else
        {
            SensorTable table = CsvTableReader.Read(inputPath);
            Console.Error.WriteLine($"read {table.RowCount} rows × {table.FeatureCount} features from {inputPath}");
            detector = TrainingProgressDisplay.Run(options.Training.Epochs, progress => AnomalyDetector.Train(table, options, progress, cancellationToken));
        }

        ModelSnapshot.Write(detector, modelPath);
        TrainingMetadata m = detector.Metadata;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {modelPath}: D {detector.FeatureCount}, T {detector.WindowLength}, H {detector.Architecture.Hidden}, Z {detector.Architecture.Latent}, {detector.Architecture.Variant}; " +
            $"{m.TrainWindows} train / {m.ValidationWindows} validation / {m.CalibrationWindows} calibration windows; {m.EpochsRun} epochs (best {m.BestEpoch}) in {m.DurationSeconds:F1}s; " +
            $"score {detector.Statistics.Mode}, threshold {detector.Calibration.Threshold:G6} ({detector.Calibration.Method}, target rate {detector.Calibration.TargetFalseAlarmRate}, calibration alarm rate {m.CalibrationAlarmRate:F4})"));
        if (!m.Converged)
        {
            Console.Error.WriteLine($"warning: training did not converge: {m.FailureReason}");
        }

        if (plot && m.TrainLosses.Count > 0)
        {
            string png = LossCurvePlot.PathFor(modelPath);
            try
            {
                LossCurvePlot.Save(png, m.TrainLosses, m.ValidationLosses);
                Console.WriteLine($"wrote {png}");
            }
            catch (Exception exception) when (exception is TypeInitializationException or DllNotFoundException or IOException)
            {
                Console.Error.WriteLine($"warning: the loss curve could not be drawn ({exception.Message}); the model was written.");
            }
        }

        return m.Converged ? 0 : 3;
    }
}
