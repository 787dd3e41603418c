using ClawBot.Pwsh.Tests.Support;
using ClawBot.Simulator;
using ClawBot.Tests.Shared;

namespace ClawBot.Pwsh.Tests;

/// <summary>
/// Connect-ClawBot in a real console: pwsh in a tmux pane, read back with its colours and typed into as a user would.
/// </summary>
public sealed class ConsoleTests : IAsyncLifetime
{
    private SimulatorServer _sim = null!;
    private readonly string _work = Directory.CreateTempSubdirectory("clawbot-console-").FullName;

    public async Task InitializeAsync() => _sim = await TestSimulator.StartAsync(o => o.AutoConfirmAfter = null);

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private Tmux ConnectInConsole(string before = "", IReadOnlyDictionary<string, string>? environment = null, string after = "")
    {
        var script = Path.Combine(_work, "connect.ps1");
        File.WriteAllText(script, $"""
            Import-Module '{Repo.Manifest}'
            {before}
            Connect-ClawBot -BaseUrl '{_sim.BaseUrl}' -CdnBaseUrl '{_sim.CdnBaseUrl}'
            'CONNECT-ENDED'
            {after}
            """);
        var env = new Dictionary<string, string> { ["CLAWBOT_HOME"] = Path.Combine(_work, "profiles") };
        if (environment is not null) foreach (var (k, v) in environment) env[k] = v;
        var (file, lead) = RealPwsh.Command;
        return Tmux.Start(new[] { file }.Concat(lead).Concat(new[] { "-NoProfile", "-File", script }).ToList(), env);
    }

    private async Task<string> ConfirmAsync(Tmux console)
    {
        var qr = (await _sim.Control.LatestQrAsync())!;
        await _sim.Control.ScanAsync(qr.QrCode);
        await _sim.Control.ConfirmAsync(qr.QrCode);
        return await console.WaitForAsync("CONNECT-ENDED");
    }

    public static TheoryData<string, string, string[]> Screens() => new()
    {
        // what the script sets, COLORFGBG, the themes the code must scan on
        { "", "", new[] { "dark", "light" } },                                          // ANSI colours: any theme
        { "$PSStyle.OutputRendering = 'PlainText'", "", new[] { "dark" } },            // no colours, no hint: dark
        { "$PSStyle.OutputRendering = 'PlainText'", "0;15", new[] { "light" } },       // no colours, a light console says so
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_QR_code_on_screen_scans_to_the_deep_link(string before, string colorFgBg, string[] themes)
    {
        var env = colorFgBg.Length > 0 ? new Dictionary<string, string> { ["COLORFGBG"] = colorFgBg } : null;
        using var console = ConnectInConsole(before, env);

        var screen = await console.WaitForAsync("Scan this QR code");
        var link = (await _sim.Control.LatestQrAsync())!.Content;
        foreach (var theme in new[] { TerminalTheme.Dark, TerminalTheme.Light })
        {
            var pixels = TerminalScreen.Render(screen, theme);
            var read = QrScan.Decode(pixels);
            if (themes.Contains(theme.Name)) Assert.True(read == link, $"The QR code on screen does not scan on a {theme} console:\n{screen}");
            else Assert.Null(read); // the negative of the code: without colours, the polarity is chosen for one theme
        }
        Assert.Contains(link, screen); // the link, for a phone that cannot scan the screen

        var end = await ConfirmAsync(console);
        Assert.Contains("Bound ", end);
    }

    [Fact]
    public async Task A_verification_code_is_typed_at_the_prompt()
    {
        using var console = ConnectInConsole();
        await console.WaitForAsync("Scan this QR code");
        var qr = (await _sim.Control.LatestQrAsync())!.QrCode;
        await _sim.Control.ScanAsync(qr);
        await _sim.Control.RequireVerifyCodeAsync(qr, "482913");

        await console.WaitForAsync("Type its digits:");
        console.Type("111111");
        await console.WaitForAsync("That code was wrong");
        console.Type("482913");
        await console.WaitForAsync("Scanned.");
        await _sim.Control.ConfirmAsync(qr);
        var screen = await console.WaitForAsync("CONNECT-ENDED");

        Assert.Contains("Bound ", screen);
        Assert.DoesNotContain("Exception", screen);
    }

    [Fact]
    public async Task Debug_shows_each_call_without_asking()
    {
        using var console = ConnectInConsole(after: "Receive-ClawMessage -Timeout 2 -Debug; 'RECEIVE-ENDED'");
        await console.WaitForAsync("Scan this QR code");
        await ConfirmAsync(console);

        var screen = await console.WaitForAsync("RECEIVE-ENDED");

        Assert.Contains("DEBUG: POST /ilink/bot/getupdates", screen);
        Assert.DoesNotContain("Continue with this operation", screen);
    }
}
