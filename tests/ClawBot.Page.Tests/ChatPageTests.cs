using System.Management.Automation;
using ClawBot.Page.Tests.Support;
using ClawBot.Simulator.Control;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClawBot.Page.Tests;

/// <summary>The conversation: what the page's user writes reaches the script, what the script sends appears live.</summary>
public sealed class ChatPageTests(BrowserFixture browser) : PageTest(browser)
{
    [Fact]
    public async Task TextTypedOnThePage_ReachesReceiveClawMessage_WithItsQuote()
    {
        var (botId, userId) = Connect();
        var page = await OpenAsync(ChatHash(botId, userId));
        await Expect(page.Locator("#conv-sub")).ToContainTextAsync("not receiving");
        var receiving = Ps.Begin("Receive-ClawMessage -First 1 -Timeout 30");
        await Expect(page.Locator("#conv-sub")).ToHaveTextAsync($"Bot {botId[..6]} · receiving"); // its long-poll is held
        var input = page.GetByTestId("composer-input");
        await input.FillAsync("hello from the page");
        await input.PressAsync("Enter");
        await Expect(Messages(page, "in")).ToHaveCountAsync(1);
        await Expect(input).ToHaveValueAsync("");

        var first = await EndAsync(receiving);
        first.AssertNoErrors();
        var message = Assert.Single(first.Output);
        Assert.Equal("hello from the page", message.Properties["Text"].Value);
        Assert.Equal(userId, message.Properties["From"].Value);

        // Quote the message just sent: the script sees which message it quotes.
        var bubble = Messages(page, "in").First;
        await bubble.HoverAsync();
        await bubble.GetByTestId("quote-btn").ClickAsync();
        await Expect(page.Locator("#quote-bar")).ToContainTextAsync("hello from the page");
        await input.FillAsync("about that");
        await page.GetByTestId("send").ClickAsync();
        await Expect(Messages(page, "in").Nth(1).GetByTestId("quote")).ToContainTextAsync("hello from the page");

        var second = Ps.Run("Receive-ClawMessage -First 1 -Timeout 30");
        second.AssertNoErrors();
        var reply = Assert.Single(second.Output);
        Assert.Equal("about that", reply.Properties["Text"].Value);
        var quote = PSObject.AsPSObject(reply.Properties["Quote"].Value);
        Assert.Equal(message.Properties["MessageId"].Value, quote.Properties["MessageId"].Value);
        Assert.Equal("hello from the page", quote.Properties["Text"].Value);

        // Select part of it first: that part is what is quoted.
        await bubble.GetByTestId("text").EvaluateAsync("""
            el => {
              const text = el.firstChild, start = text.data.indexOf('from the page');
              const range = document.createRange();
              range.setStart(text, start);
              range.setEnd(text, start + 'from the page'.length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
            }
            """);
        await bubble.GetByTestId("quote-btn").ClickAsync();
        await Expect(page.Locator("#quote-bar")).ToContainTextAsync("“from the page”");
        await input.FillAsync("that part");
        await input.PressAsync("Enter");
        await Expect(Messages(page, "in").Nth(2).GetByTestId("quote")).ToContainTextAsync("“from the page”");
        var third = Ps.Run("Receive-ClawMessage -First 1 -Timeout 30");
        third.AssertNoErrors();
        var partial = PSObject.AsPSObject(Assert.Single(third.Output).Properties["Quote"].Value);
        Assert.Equal("from the page", partial.Properties["SelectedText"].Value);
    }

    [Fact]
    public async Task RepliesAndFilesFromTheModule_AppearLive_AndDownloadByteIdentical()
    {
        var (botId, userId) = Connect();
        var desktop = await OpenAsync(ChatHash(botId, userId));
        var phone = await OpenAsync(ChatHash(botId, userId), Phone, 800);
        await Control.SendTextToBotAsync(botId, userId, "status?");
        await Expect(Messages(desktop, "in")).ToHaveCountAsync(1);

        Ps.Run("Receive-ClawMessage -First 1 -Timeout 30 | Send-ClawMessage -Text { 'echo: ' + $_.Text }").AssertNoErrors();
        await Expect(Messages(desktop, "out").Last.GetByTestId("text")).ToHaveTextAsync("echo: status?");

        // A long text goes out in GENERATING chunks ending in FINISH: one bubble on the phone.
        var words = string.Join(" ", Enumerable.Range(1, 400).Select(i => $"word{i}"));
        Ps.Set("Long", words);
        Ps.Run("Send-ClawMessage -Text $Long").AssertNoErrors();
        var chunks = (await Control.SentAsync(botId, userId)).Count(s => s.ItemType == 1) - 1;
        Assert.True(chunks >= 3, $"the text went out in {chunks} parts");
        var longBubble = Messages(desktop, "out").Last;
        await Expect(longBubble.GetByTestId("text")).ToHaveTextAsync(words);
        await Expect(longBubble.GetByTestId("parts")).ToHaveTextAsync($"{chunks} parts");
        await Expect(longBubble).ToHaveAttributeAsync("data-streaming", "false");

        var content = TestFiles.Random(150_000, seed: 15);
        var path = TestFiles.Write("report.bin", content);
        var png = TestFiles.Write("chart.png", TestFiles.Png(120, 80));
        Ps.Set("File", path);
        Ps.Set("Png", png);
        Ps.Run("Send-ClawFile -LiteralPath $File -Caption 'the report'; Send-ClawFile -LiteralPath $Png").AssertNoErrors();

        var file = desktop.Locator("[data-testid=message][data-dir=out][data-kind=file]");
        await Expect(file.GetByTestId("file")).ToContainTextAsync("report.bin");
        await Expect(file.GetByTestId("file")).ToContainTextAsync("146 KB");
        var download = await desktop.RunAndWaitForDownloadAsync(() => file.GetByTestId("file").ClickAsync());
        Assert.Equal("report.bin", download.SuggestedFilename);
        Assert.Equal(content, await File.ReadAllBytesAsync(await download.PathAsync()));

        var image = desktop.Locator("[data-testid=message][data-dir=out][data-kind=image] img");
        await Expect(image).ToBeVisibleAsync();
        Assert.Equal(120, await image.EvaluateAsync<int>("async img => { await img.decode(); return img.naturalWidth; }"));
        var imageDownload = await desktop.RunAndWaitForDownloadAsync(() =>
            desktop.Locator("[data-testid=message][data-dir=out][data-kind=image]").GetByTestId("download").ClickAsync());
        Assert.Equal(await File.ReadAllBytesAsync(png), await File.ReadAllBytesAsync(await imageDownload.PathAsync()));

        // The other browser got every message too, live; the send window shows what the bot spent.
        await Expect(Messages(phone, "out")).ToHaveCountAsync(await Messages(desktop, "out").CountAsync());
        var allowance = await Control.AllowanceAsync(botId, userId);
        await Expect(desktop.GetByTestId("chip-allowance")).ToHaveTextAsync($"Replies left: {allowance.Remaining} of 10");
        await Expect(desktop.GetByTestId("chip-token")).ToContainTextAsync("Context token");
        await ShotAsync(desktop, "chat");
        await ShotAsync(phone, "chat");
    }

    [Fact]
    public async Task GeneratingShowsAsStreaming_AndTheTypingIndicatorFollowsSendClawTyping()
    {
        var (botId, userId) = Connect();
        var page = await OpenAsync(ChatHash(botId, userId), Phone, 800);
        await Control.SendTextToBotAsync(botId, userId, "think about it");
        Ps.Run("Receive-ClawMessage -First 1 -Timeout 30").AssertNoErrors();

        Ps.Run("Send-ClawTyping").AssertNoErrors();
        await Expect(page.GetByTestId("typing")).ToBeVisibleAsync();
        await Expect(page.Locator("#conv-sub")).ToHaveTextAsync("typing…");
        await ShotAsync(page, "chat-typing");
        Ps.Run("Send-ClawTyping -Stop").AssertNoErrors();
        await Expect(page.GetByTestId("typing")).ToHaveCountAsync(0);

        // Hold the second chunk of a two-part text: the first shows as streaming until the last arrives.
        await Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Delay, Delay = TimeSpan.Zero });
        await Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(4) });
        var text = string.Join(" ", Enumerable.Range(1, 200).Select(i => $"token{i}"));
        Ps.Set("Text", text);
        var sending = Ps.Begin("Send-ClawMessage -Text $Text");
        var bubble = Messages(page, "out").Last;
        await Expect(bubble).ToHaveAttributeAsync("data-streaming", "true");
        await Expect(bubble.GetByTestId("streaming")).ToBeVisibleAsync();
        Assert.StartsWith(await bubble.GetByTestId("text").InnerTextAsync(), text);
        await ShotAsync(page, "chat-streaming");

        (await EndAsync(sending)).AssertNoErrors();
        await Expect(bubble).ToHaveAttributeAsync("data-streaming", "false");
        await Expect(bubble.GetByTestId("text")).ToHaveTextAsync(text);
        await Expect(bubble.GetByTestId("parts")).ToHaveTextAsync("2 parts");
    }
}
