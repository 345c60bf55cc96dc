using System.CommandLine;

namespace SensorWatch.Cli;

/// <summary>Every verb of the <c>sensorwatch</c> executable, one file per verb under Cli/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return VersionCommand.Create();
        yield return EvaluateCommand.Create();
        yield return BrokerCommand.Create();
        yield return SimulateCommand.Create();
        yield return RunCommand.Create();
        yield return DemoCommand.Create();
        yield return PipelineBenchCommand.Create();
        yield return TrainCommand.Create();
        yield return ScoreCommand.Create();
        yield return GenerateCommand.Create();
        yield return BenchCommand.Create();
        yield return ModelCommand.Create();
    }
}
