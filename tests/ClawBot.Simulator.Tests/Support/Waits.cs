using ClawBot.Simulator;

namespace ClawBot.Simulator.Tests.Support;

/// <summary>Waiting for server-side state instead of sleeping a guessed time.</summary>
public static class Waits
{
    /// <summary>Until the simulator has counted <paramref name="count"/> calls of <paramref name="endpoint"/> (a request is in flight).</summary>
    public static async Task ForRequestsAsync(SimulatorServer sim, string endpoint, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var stats = await sim.Control.StatsAsync();
            if (stats.RequestsByEndpoint.GetValueOrDefault(endpoint) >= count) return;
            await Task.Delay(10);
        }
        throw new TimeoutException($"{endpoint} never reached {count} calls");
    }
}
