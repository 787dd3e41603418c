using ClawBot.Simulator;

namespace ClawBot.Pwsh.Tests.Support;

/// <summary>The simulator, in this process, with the short timings the scripts under test expect.</summary>
internal static class TestSimulator
{
    public static Task<SimulatorServer> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions
        {
            LongPollHold = TimeSpan.FromSeconds(1),
            QrStatusHold = TimeSpan.FromSeconds(1),
            AutoConfirmAfter = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return SimulatorServer.StartAsync(options);
    }
}
