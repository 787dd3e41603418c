using ClawBot.Simulator.Control;

namespace ClawBot.Simulator;

/// <summary>The simulator hosted in-process on Kestrel (tests, benchmarks) or standalone (Program).</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    /// <summary>Starts on <paramref name="url"/> (default http://127.0.0.1:0, a free port).</summary>
    public static Task<SimulatorServer> StartAsync(SimulatorOptions? options = null, string url = "http://127.0.0.1:0") => throw new NotImplementedException();

    /// <summary>http://127.0.0.1:port/ (plus the path prefix): the API base and QR host.</summary>
    public Uri BaseUrl => throw new NotImplementedException();
    /// <summary>http://127.0.0.1:port/c2c/</summary>
    public Uri CdnBaseUrl => throw new NotImplementedException();
    /// <summary>The control API client.</summary>
    public SimulatorControl Control => throw new NotImplementedException();
    /// <summary>The options in force (mutable while running: tests may change timings).</summary>
    public SimulatorOptions Options => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
