using ClawBot.Simulator;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests.Support;

/// <summary>
/// Each test gets its own simulator (fast timings, QR codes confirmed by themselves unless a test says otherwise),
/// its own profile store and a runspace with the built module imported.
/// </summary>
public abstract class ModuleTest : IAsyncLifetime
{
    private readonly TempHome _home = new();
    private readonly List<PsSession> _sessions = new();

    internal SimulatorServer Sim { get; private set; } = null!;
    internal SimulatorControl Control => Sim.Control;
    internal PsSession Ps { get; private set; } = null!;
    internal string StorePath => _home.Path;

    /// <summary>Simulator settings for this test class.</summary>
    internal virtual SimulatorOptions SimulatorOptions() => new()
    {
        LongPollHold = TimeSpan.FromMilliseconds(300),
        QrStatusHold = TimeSpan.FromMilliseconds(300),
        AutoConfirmAfter = TimeSpan.FromMilliseconds(10),
    };

    public async Task InitializeAsync()
    {
        Sim = await SimulatorServer.StartAsync(SimulatorOptions());
        Ps = NewRunspace();
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _sessions) s.Dispose();
        await Sim.DisposeAsync();
        _home.Dispose();
    }

    /// <summary>
    /// Another runspace (a second window, a restarted script) sharing the store. By default it has a console-like
    /// host (a person could see a QR code); <see cref="NewHeadlessRunspace"/> has none, like a scheduled job.
    /// </summary>
    internal PsSession NewRunspace(System.Management.Automation.Host.PSHost? host = null) =>
        Register(new PsSession(host ?? new ThemedHost(virtualTerminal: true, ConsoleColor.Gray, ConsoleColor.Black)));

    /// <summary>A runspace without a host ("Default Host"): nobody can see or answer it.</summary>
    internal PsSession NewHeadlessRunspace() => Register(new PsSession(null));

    private PsSession Register(PsSession ps)
    {
        ps.Set("SimBase", Sim.BaseUrl.ToString());
        ps.Set("SimCdn", Sim.CdnBaseUrl.ToString());
        _sessions.Add(ps);
        return ps;
    }

    /// <summary>Binds a bot in <paramref name="ps"/> (auto-confirmed QR) and returns the session's bot and owner ids.</summary>
    internal (string BotId, string UserId) Connect(PsSession? ps = null, string name = "default")
    {
        ps ??= Ps;
        var run = ps.Run($"$s = Connect-ClawBot -Name {name} -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru; $s");
        run.AssertNoErrors();
        var session = run.Output.Single();
        return ((string)session.Properties["BotId"].Value, (string)session.Properties["UserId"].Value);
    }
}
