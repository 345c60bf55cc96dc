using SensorWatch.Core.Preprocessing;
using SensorWatch.Core.Snapshots;

namespace SensorWatch.Cli;

/// <summary>Runs a verb's body and turns the expected failures (bad files, bad models, bad options) into one clear line on stderr and exit code 1.</summary>
internal static class CliErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception exception) when (exception is SensorDataException or ModelSnapshotException or FileNotFoundException
            or DirectoryNotFoundException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            string kind = exception is ModelSnapshotException snapshot ? $" [{snapshot.Kind}]" : string.Empty;
            Console.Error.WriteLine($"error{kind}: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled.");
            return 130;
        }
    }
}
