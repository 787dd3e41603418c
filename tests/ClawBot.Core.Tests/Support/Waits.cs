using ClawBot.Simulator;

namespace ClawBot.Core.Tests.Support;

/// <summary>Waiting for server-side state instead of sleeping a guessed time.</summary>
internal static class Waits
{
    /// <summary>Until the simulator has counted <paramref name="count"/> calls of <paramref name="endpoint"/>.</summary>
    public static async Task ForRequestsAsync(SimulatorServer sim, string endpoint, long count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var stats = await sim.Control.StatsAsync(cts.Token);
            if (stats.RequestsByEndpoint.GetValueOrDefault(endpoint) >= count) return;
            await Task.Delay(10, cts.Token);
        }
    }

    public static async Task<long> RequestsAsync(SimulatorServer sim, string endpoint) =>
        (await sim.Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault(endpoint);
}
