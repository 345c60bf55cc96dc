namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>Locates the repository root (the folder holding SensorWatch.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SensorWatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"SensorWatch.sln not found above {AppContext.BaseDirectory}");
    }
}
