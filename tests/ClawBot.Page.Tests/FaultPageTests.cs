using System.Net.Http.Json;
using ClawBot.Module.Tests.Support;
using ClawBot.Page.Tests.Support;
using ClawBot.Simulator.Control;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClawBot.Page.Tests;

/// <summary>The fault buttons queue exactly what the control API queues: the next call fails the same way.</summary>
public sealed partial class FaultPageTests(BrowserFixture browser) : PageTest(browser)
{
    public static TheoryData<string, SimFault> Buttons => new()
    {
        { "status-503", new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Status, Status = 503 } },
        { "status-500", new SimFault { Endpoint = "getuploadurl", Kind = SimFaultKind.Status, Status = 500 } },
        { "drop", new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Reset } },
        { "hold", new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(3) } },
        { "session", new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.SessionExpired } },
    };

    [Theory]
    [MemberData(nameof(Buttons))]
    public async Task AFaultButton_MakesTheNextCallFailAsTheControlApiWould(string button, SimFault same)
    {
        var (botId, userId) = Connect();
        Ps.Run(FaultKit.Tune).AssertNoErrors(); // client timeouts of 1.5 s, so a 3 s hold outlasts them
        await Control.SendTextToBotAsync(botId, userId, "go");
        Ps.Run("Receive-ClawMessage -First 1 -Timeout 30").AssertNoErrors();
        // Verbose: one line per HTTP call, so a failed call that the module then retried still shows.
        var script = "$VerbosePreference = 'Continue'; " + (same.Endpoint == "getuploadurl"
            ? "Send-ClawFile -LiteralPath $File"
            : "Send-ClawMessage -Text 'while the service misbehaves'");
        Ps.Set("File", TestFiles.Write("data.bin", TestFiles.Random(2000, seed: 1)));

        var normal = Outcome(Ps.Run(script));

        var page = await OpenAsync("#/faults", Phone, 900);
        await page.GetByTestId("fault-endpoint").SelectOptionAsync(same.Endpoint);
        await page.GetByTestId("fault-count").FillAsync("1");
        if (button == "hold") await page.GetByTestId("fault-hold-seconds").FillAsync("3");
        await page.GetByTestId("fault-" + button).ClickAsync();
        var queued = page.GetByTestId("queued-fault");
        await Expect(queued).ToHaveAttributeAsync("data-endpoint", same.Endpoint);
        await Expect(queued).ToHaveAttributeAsync("data-kind", same.Kind.ToString());
        if (button == "status-503") await ShotAsync(page, "faults");

        var viaPage = Outcome(Ps.Run(script));
        await Expect(queued).ToHaveCountAsync(0); // consumed, and the page saw it go without a reload

        await Control.InjectFaultAsync(same);
        var viaControl = Outcome(Ps.Run(script));

        Assert.NotEqual(normal, viaPage);
        Assert.Equal(viaControl, viaPage);
        Assert.Equal(normal, Outcome(Ps.Run(script))); // only the next call
    }

    [Fact]
    public async Task EveryFaultButton_QueuesItsFault_AndClearAllEmptiesTheQueue()
    {
        var page = await OpenAsync("#/faults");
        await page.GetByTestId("fault-endpoint").SelectOptionAsync("cdn-upload");
        await page.GetByTestId("fault-count").FillAsync("2");
        string[] buttons = ["status-500", "status-502", "status-503", "status-524", "hold", "drop", "lose", "session", "apierror", "malformed", "html"];
        foreach (var button in buttons) await page.GetByTestId("fault-" + button).ClickAsync();
        await Expect(page.GetByTestId("queued-fault")).ToHaveCountAsync(buttons.Length);

        using var http = new HttpClient();
        var state = await http.GetFromJsonAsync<ClawBot.Simulator.Page.PageState>(new Uri(Sim.RootUrl, "_sim/page/state"), ControlJson.Options);
        Assert.Equal(
            ["Status 500", "Status 502", "Status 503", "Status 524", "Delay 40000", "Reset", "LoseResponse", "SessionExpired", "ApiError -2", "Malformed", "Html"],
            state!.Faults.Select(f => f.Kind switch { "Status" => $"Status {f.Status}", "Delay" => $"Delay {f.DelayMs}", "ApiError" => $"ApiError {f.Ret}", _ => f.Kind }));
        Assert.All(state.Faults, f => Assert.Equal(("cdn-upload", 2), (f.Endpoint, f.Count)));

        await page.GetByTestId("fault-clear").ClickAsync();
        await Expect(page.GetByTestId("queued-fault")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ExpireSessionButton_EndsTheSessionAsTheControlApiDoes()
    {
        var (botId, _) = Connect();
        var other = NewRunspace();
        var (otherBot, _) = Connect(other, "other");

        var page = await OpenAsync("#/faults");
        var row = page.Locator($"[data-testid=session][data-bot='{botId}']");
        await row.GetByTestId("expire-session").ClickAsync();
        await Expect(row.GetByTestId("expire-session")).ToBeDisabledAsync();
        await Expect(row).ToContainTextAsync("session expired");
        Assert.True((await Control.BotStateAsync(botId)).Revoked);
        await ShotAsync(page, "faults");

        await Control.ExpireSessionAsync(otherBot);
        var viaPage = Outcome(Ps.Run("Receive-ClawMessage -Timeout 5"));
        var viaControl = Outcome(other.Run("Receive-ClawMessage -Timeout 5"));
        Assert.Contains("ClawBot.SessionExpired", viaPage);
        Assert.Equal(viaControl, viaPage);
    }

    /// <summary>
    /// What a script saw: its HTTP calls with their status (verbose, without the elapsed time), its errors' ids and
    /// categories, and a terminating error's.
    /// </summary>
    private static string Outcome(PsRun run)
    {
        var seen = run.Verbose.Select(v => Elapsed().Replace(v, "")).ToList();
        seen.AddRange(run.Errors.Select(e => $"error {e.FullyQualifiedErrorId} ({e.CategoryInfo.Category})"));
        if (run.Terminating is { } t) seen.Add($"terminating {t.ErrorRecord.FullyQualifiedErrorId} ({t.ErrorRecord.CategoryInfo.Category})");
        return string.Join("\n", seen);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" [0-9]+ ms$")]
    private static partial System.Text.RegularExpressions.Regex Elapsed();
}
