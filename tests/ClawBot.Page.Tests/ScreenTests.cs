using ClawBot.Page.Tests.Support;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClawBot.Page.Tests;

/// <summary>Every screen, full of content, at a phone's 400 px and at desktop width: nothing spills sideways, every control reachable.</summary>
public sealed class ScreenTests(BrowserFixture browser) : PageTest(browser)
{
    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.QrTtl = TimeSpan.FromMinutes(10); // the pending code below stays pending while the screens are taken
        return o;
    }

    [Theory]
    [InlineData(Phone, 800)]
    [InlineData(Desktop, 800)]
    public async Task EveryScreen_IsUsable(int width, int height)
    {
        var (botId, userId, pending) = await FillAsync();
        var page = await OpenAsync("#/chats", width, height);

        await Expect(page.GetByTestId("chat-item")).ToHaveCountAsync(2);
        await CheckAsync(page, "screen-chats", width, page.GetByTestId("chat-item").First);

        await page.GotoAsync(new Uri(Sim.PageUrl, ChatHash(botId, userId)).ToString());
        await Expect(page.GetByTestId("typing")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=message][data-kind=image] img")).ToBeVisibleAsync();
        await page.Locator("[data-testid=message][data-kind=image] img").EvaluateAsync("img => img.decode()");
        await CheckAsync(page, "screen-chat", width, page.GetByTestId("composer-input"), page.GetByTestId("send"), page.GetByTestId("attach"));
        await page.GetByTestId("attach").ClickAsync();
        await CheckAsync(page, "screen-chat-attach", width, page.GetByTestId("attach-image"), page.GetByTestId("record"));
        await page.GetByTestId("attach").ClickAsync();

        await page.GetByTestId(width == Phone ? "conv-back" : "tab-bind").ClickAsync();
        if (width == Phone)
        {
            await Expect(page.GetByTestId("chat-list")).ToBeVisibleAsync();
            await page.GetByTestId("tab-bind").ClickAsync();
        }
        await Expect(page.GetByTestId("qr-card")).ToHaveCountAsync(1);
        await page.GetByTestId("qr-image").EvaluateAsync("img => img.decode()");
        await CheckAsync(page, "screen-bind", width, page.GetByTestId("qr-scan"), page.GetByTestId("qr-expire"));

        await page.GetByTestId("tab-faults").ClickAsync();
        await Expect(page.GetByTestId("queued-fault")).ToHaveCountAsync(2);
        await CheckAsync(page, "screen-faults", width, page.GetByTestId("fault-endpoint"), page.GetByTestId("fault-status-503"), page.GetByTestId("fault-html"));
        pending.Stop();
    }

    /// <summary>A bot with a lively conversation, a second user, a pending QR login (a second Connect-ClawBot, still waiting) and two queued faults.</summary>
    private async Task<(string BotId, string UserId, Module.Tests.Support.PsSession.Running Pending)> FillAsync()
    {
        var (botId, userId) = Connect();
        await Control.SendTextToBotAsync(botId, userId, "Is the nightly backup done?");
        Ps.Set("Csv", TestFiles.Write("backup-log.csv", System.Text.Encoding.UTF8.GetBytes("file,size\nusers.db,1048576\n")));
        Ps.Set("Chart", TestFiles.Write("chart.png", TestFiles.Png(240, 140)));
        Ps.Run("""
            Receive-ClawMessage -First 1 -Timeout 30 | Send-ClawMessage -Text 'Yes: 42 files, 1.3 GB, finished at 03:12.'
            Send-ClawFile -LiteralPath $Csv -Caption 'The log'
            Send-ClawFile -LiteralPath $Chart
            """).AssertNoErrors();
        var answer = (await Control.SentAsync(botId, userId)).First();
        await Control.SendToBotAsync(botId, new SimInboundRequest { FromUserId = userId, Text = "Thanks! Did anything fail?", QuoteSvrId = answer.MessageId });
        Ps.Run("Receive-ClawMessage -First 1 -Timeout 30 | Out-Null; Send-ClawTyping").AssertNoErrors();

        var alice = await Control.AddUserAsync(botId, "Alice Zhang");
        await Control.SendTextToBotAsync(botId, alice.UserId, "Can you send me the Q3 numbers?");

        Sim.Options.AutoConfirmAfter = null; // this one stays pending
        var pending = NewRunspace().Begin("Connect-ClawBot -Name second -BaseUrl $SimBase -CdnBaseUrl $SimCdn");
        while ((await Control.QrCodesAsync()).Count(q => q.Status == "wait") == 0) await Task.Delay(20); // its code is out
        await Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Status, Status = 503, Count = 2 });
        await Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(40) });
        return (botId, userId, pending);
    }

    /// <summary>Screenshot, then: the page does not scroll sideways and each control lies inside the viewport.</summary>
    private static async Task CheckAsync(IPage page, string name, int width, params ILocator[] controls)
    {
        await ShotAsync(page, name);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} at {width} px is {overflow} px too wide");
        foreach (var control in controls)
        {
            // A live update may redraw the element between the two calls: ask again for the new one.
            LocatorBoundingBoxResult? box = null;
            for (var attempt = 0; attempt < 20 && box is null; attempt++)
            {
                await Expect(control).ToBeVisibleAsync();
                box = await control.BoundingBoxAsync();
            }
            if (box is null) throw new InvalidOperationException($"{control} has no box");
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{control} in {name} lies outside 0..{width} px: {box.X}..{box.X + box.Width}");
        }
    }
}
