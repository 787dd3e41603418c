using ClawBot.Simulator;

namespace ClawBot.Simulator.Tests.Support;

/// <summary>Starts an in-process simulator with test timings (holds of a few hundred ms, no waiting on real ones).</summary>
public static class TestSim
{
    public static Task<SimulatorServer> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var o = new SimulatorOptions
        {
            LongPollHold = TimeSpan.FromMilliseconds(200),
            QrStatusHold = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(o);
        return SimulatorServer.StartAsync(o);
    }
}
