using System.CommandLine;
using System.Reflection;

namespace SensorWatch.Cli;

/// <summary><c>sensorwatch version</c>: the code version and the runtime it runs on.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        Command command = new("version", "Print the SensorWatch version, runtime and SIMD support.");
        command.SetAction(_ =>
        {
            string version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"sensorwatch {version}");
            Console.WriteLine($"runtime {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
            Console.WriteLine($"avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, fma {System.Runtime.Intrinsics.X86.Fma.IsSupported}, vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
            return 0;
        });
        return command;
    }
}
