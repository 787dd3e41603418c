using ClawBot.Module.Tests.Support;
using ClawBot.Page.Tests.Support;
using ClawBot.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClawBot.Page.Tests;

/// <summary>Binding with the page as the phone: Connect-ClawBot's QR code drawn, scanned, confirmed, cancelled, expired.</summary>
public sealed class BindPageTests(BrowserFixture browser) : PageTest(browser)
{
    /// <summary>Nothing confirms by itself here: the page does.</summary>
    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.AutoConfirmAfter = null;
        return o;
    }

    [Fact]
    public async Task ScanAndConfirmOnThePage_ConnectClawBotSucceeds()
    {
        var desktop = await OpenAsync("#/bind");
        var phone = await OpenAsync("#/bind", Phone, 780);
        await Expect(desktop.GetByTestId("qr-empty")).ToBeVisibleAsync();

        var connect = Ps.Begin("Connect-ClawBot -Name paged -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru");
        var card = desktop.GetByTestId("qr-card");
        await Expect(card).ToHaveAttributeAsync("data-status", "wait");
        var qr = Assert.Single(await Control.QrCodesAsync());
        Assert.Equal(qr.QrCode, await card.GetAttributeAsync("data-code"));
        // The code drawn on the page is the one the service issued (and the terminal shows).
        Assert.Equal(qr.Content, await QrDecoder.DecodeAsync(card.GetByTestId("qr-image")));
        await Expect(phone.GetByTestId("qr-card")).ToHaveAttributeAsync("data-code", qr.QrCode);
        await ShotAsync(desktop, "bind");
        await ShotAsync(phone, "bind");

        await card.GetByTestId("qr-scan").ClickAsync();
        // The other browser follows without a reload, and so does the control API: one state.
        await Expect(phone.GetByTestId("qr-card")).ToHaveAttributeAsync("data-status", "scaned");
        Assert.Equal("scaned", (await Control.QrDetailsAsync(qr.QrCode)).Status);
        await WaitForHostTextAsync(connect, "Scanned. Confirm the login on your phone."); // the terminal saw it too
        await ShotAsync(phone, "bind-scanned");

        await card.GetByTestId("qr-confirm").ClickAsync();
        var run = await EndAsync(connect);
        run.AssertNoErrors();
        var session = Assert.Single(run.Output);
        var botId = (string)session.Properties["BotId"].Value;
        Assert.Equal("confirmed", (await Control.QrDetailsAsync(qr.QrCode)).Status);
        Assert.Contains(qr.Content, run.HostText);

        // The login leaves the pending list for the finished one, and the new bot is in the chat list.
        await Expect(desktop.GetByTestId("qr-card")).ToHaveCountAsync(0);
        await Expect(desktop.Locator($"[data-testid=qr-row][data-code='{qr.QrCode}']")).ToHaveAttributeAsync("data-status", "confirmed");
        await desktop.GetByTestId("tab-chats").ClickAsync();
        await Expect(desktop.Locator($"[data-testid=bot-group][data-bot='{botId}']")).ToBeVisibleAsync();
        await Expect(desktop.GetByTestId("chat-item")).ToHaveAttributeAsync("data-user", (string)session.Properties["UserId"].Value);
    }

    [Fact]
    public async Task CancelVerifyCodeAndExpire_DriveTheLoginAsTheControlApiDoes()
    {
        var host = new ScriptedHost();
        var prompted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Prompted += text => prompted.TrySetResult(text);
        var ps = NewRunspace(host);
        var page = await OpenAsync("#/bind", Phone, 800);
        var connect = ps.Begin("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru");

        var card = page.GetByTestId("qr-card");
        await Expect(card).ToHaveAttributeAsync("data-status", "wait");
        var first = await card.GetAttributeAsync("data-code");
        await Expect(card.GetByTestId("qr-cancel")).ToBeDisabledAsync(); // nothing to cancel before a scan

        // Cancel: the phone backs out, the code waits for a scan again.
        await card.GetByTestId("qr-scan").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "scaned");
        await card.GetByTestId("qr-cancel").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "wait");
        Assert.Equal("wait", (await Control.QrDetailsAsync(first!)).Status);

        // Verify code: the phone shows digits, the user types them at Connect-ClawBot's prompt.
        await card.GetByTestId("qr-scan").ClickAsync();
        await card.GetByTestId("qr-verify-code").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "need_verifycode");
        var digits = await card.GetByTestId("qr-verify-digits").InnerTextAsync();
        Assert.Matches("^[0-9]{6}$", digits);
        await ShotAsync(page, "bind-verify-code");
        Assert.Contains("verification code", await prompted.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        host.Lines.Add(digits);
        await Expect(card).ToHaveAttributeAsync("data-status", "scaned");

        // Expire: Connect-ClawBot fetches a new code, which the page shows in its place.
        await card.GetByTestId("qr-expire").ClickAsync();
        await Expect(page.Locator($"[data-testid=qr-row][data-code='{first}']")).ToHaveAttributeAsync("data-status", "expired");
        await Expect(card).Not.ToHaveAttributeAsync("data-code", first!);
        var second = await card.GetAttributeAsync("data-code");
        Assert.Equal(2, (await Control.QrCodesAsync()).Count);

        await card.GetByTestId("qr-scan").ClickAsync();
        await card.GetByTestId("qr-confirm").ClickAsync();
        var run = await EndAsync(connect);
        run.AssertNoErrors();
        Assert.Single(run.Output);
        Assert.Equal("confirmed", (await Control.QrDetailsAsync(second!)).Status);
        Assert.Contains(host.Written, w => w.Contains("expired", StringComparison.Ordinal));
    }
}
