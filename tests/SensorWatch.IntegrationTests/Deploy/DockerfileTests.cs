namespace SensorWatch.IntegrationTests.Deploy;

/// <summary>The Dockerfile read as text (no Docker engine in CI): stages, layer order, architecture, user.</summary>
public sealed class DockerfileTests
{
    private readonly string[] _lines = File.ReadAllLines(RepositoryPaths.Combine("Dockerfile"));

    [Fact]
    public void Stages_SdkBuildThenAspNetRuntime()
    {
        string[] from = [.. _lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))];

        Assert.Equal(2, from.Length);
        Assert.Contains("dotnet/sdk:", from[0], StringComparison.Ordinal);
        Assert.Contains("--platform=$BUILDPLATFORM", from[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:", from[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_RunsBeforeTheSourcesAreCopied()
    {
        int csproj = Index(l => l.StartsWith("COPY src/SensorWatch/SensorWatch.csproj", StringComparison.Ordinal));
        int props = Index(l => l.StartsWith("COPY ", StringComparison.Ordinal) && l.Contains("Directory.Packages.props", StringComparison.Ordinal));
        int restore = Index(l => l.Contains("dotnet restore", StringComparison.Ordinal));
        int sources = Index(l => l.StartsWith("COPY src/ src/", StringComparison.Ordinal));
        int publish = Index(l => l.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.True(props < restore && csproj < restore && restore < sources && sources < publish, $"props {props}, csproj {csproj}, restore {restore}, sources {sources}, publish {publish}");
    }

    [Fact]
    public void Publish_MapsTargetArchToRuntimeIdentifier()
    {
        string text = string.Join('\n', _lines);

        Assert.Contains("ARG TARGETARCH", text, StringComparison.Ordinal);
        Assert.Contains("amd64) echo linux-x64", text, StringComparison.Ordinal);
        Assert.Contains("arm64) echo linux-arm64", text, StringComparison.Ordinal);
        Assert.Contains("--runtime \"$(cat /tmp/rid)\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_RunsAsNumericNonRootUserWithTheWorkerEntrypoint()
    {
        string user = _lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));

        Assert.Equal("USER 1654:1654", user);
        Assert.Contains("ENTRYPOINT [\"/app/sensorwatch\"]", _lines);
        Assert.Contains(_lines, l => l.Contains("libsasl2-2", StringComparison.Ordinal));
        Assert.Contains("EXPOSE 9464", _lines);
        Assert.Contains(_lines, l => l.Trim() == "SENSORWATCH__TELEMETRY__LOGFORMAT=json");
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndGitOutOfTheContext()
    {
        string[] ignore = File.ReadAllLines(RepositoryPaths.Combine(".dockerignore"));

        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains(".git", ignore);
    }

    private int Index(Func<string, bool> predicate)
    {
        int index = Array.FindIndex(_lines, l => predicate(l));
        Assert.True(index >= 0, "expected line not found in Dockerfile");
        return index;
    }
}
