namespace ClawBot.Module.Tests.Support;

/// <summary>A private profile store for one test, via CLAWBOT_HOME (tests in this assembly run one at a time).</summary>
internal sealed class TempHome : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable("CLAWBOT_HOME");

    public TempHome()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "clawbot-tests", Guid.NewGuid().ToString("n"), "profiles");
        Environment.SetEnvironmentVariable("CLAWBOT_HOME", Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("CLAWBOT_HOME", _previous);
        try { Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true); } catch (IOException) { }
    }
}
