using System.Management.Automation;
using ClawBot.Page.Tests.Support;
using ClawBot.Simulator.Control;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClawBot.Page.Tests;

/// <summary>The page and the control API are one state: what either does, the other shows, without a reload.</summary>
public sealed class SharedStateTests(BrowserFixture browser) : PageTest(browser)
{
    [Fact]
    public async Task ControlApiActions_ShowOnThePageWithoutAReload()
    {
        var (botId, userId) = Connect();
        var page = await OpenAsync("#/chats");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        var group = page.Locator($"[data-testid=bot-group][data-bot='{botId}']");
        await Expect(group.GetByTestId("chat-item")).ToHaveCountAsync(1);

        const string stranger = "o9xStrangerFromTheControlApi@im.wechat";
        await Control.SendTextToBotAsync(botId, stranger, "knock knock");
        var item = group.Locator($"[data-testid=chat-item][data-user='{stranger}']");
        await Expect(item).ToContainTextAsync("knock knock");

        var carol = await Control.AddUserAsync(botId, "Carol");
        await Expect(group.Locator($"[data-testid=chat-item][data-user='{carol.UserId}']")).ToContainTextAsync("Carol");

        var png = TestFiles.Png(90, 60);
        await Control.SendToBotAsync(botId, new SimInboundRequest { FromUserId = stranger, MediaKind = SimMediaKind.Image, FileName = "photo.png", Content = png });
        await Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 502, Count = 3 });
        await Expect(page.Locator(".rail-tab[data-tab=faults] .badge")).ToHaveTextAsync("3");

        // The user's image, shown and downloadable decrypted from the simulator's CDN.
        await item.ClickAsync();
        var image = page.Locator("[data-testid=message][data-dir=in][data-kind=image]");
        Assert.Equal(90, await image.Locator("img").EvaluateAsync<int>("async img => { await img.decode(); return img.naturalWidth; }"));
        await image.HoverAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => image.GetByTestId("download").ClickAsync());
        Assert.Equal("photo.png", download.SuggestedFilename);
        Assert.Equal(png, await File.ReadAllBytesAsync(await download.PathAsync()));

        await Control.ExpireSessionAsync(botId);
        await Expect(group.Locator(".bot-status")).ToHaveTextAsync("session expired");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        _ = userId;
    }

    [Fact]
    public async Task WhatThePageDoes_TheControlApiAndTheScriptSee()
    {
        var (botId, _) = Connect();
        var page = await OpenAsync("#/chats", Phone, 800);
        var group = page.Locator($"[data-testid=bot-group][data-bot='{botId}']");
        await group.GetByTestId("add-user").ClickAsync();
        await group.GetByTestId("add-user-name").FillAsync("Alice");
        await group.GetByTestId("add-user-submit").ClickAsync();
        await Expect(page.GetByTestId("conv-name")).ToHaveTextAsync("Alice");
        var alice = Assert.Single(await Control.UsersAsync(botId), u => u.Name == "Alice");
        Assert.False(alice.IsBinder);
        Assert.Equal(10, alice.Remaining);

        // Alice writes, then sends an image, a file, a voice note and a video picked in the browser.
        var input = page.GetByTestId("composer-input");
        await input.FillAsync("hi, it's Alice");
        await input.PressAsync("Enter");
        var files = new Dictionary<string, byte[]>
        {
            ["pick-image"] = TestFiles.Png(64, 64),
            ["pick-file"] = TestFiles.Random(5000, seed: 7),
            ["pick-voice"] = TestFiles.Wav(1500),
            ["pick-video"] = TestFiles.Random(3000, seed: 8),
        };
        var names = new Dictionary<string, string> { ["pick-image"] = "dot.png", ["pick-file"] = "data.bin", ["pick-voice"] = "note.wav", ["pick-video"] = "clip.mp4" };
        var sent = 1;
        foreach (var (picker, content) in files)
        {
            await page.GetByTestId(picker).SetInputFilesAsync(new FilePayload { Name = names[picker], MimeType = "application/octet-stream", Buffer = content });
            await Expect(Messages(page, "in")).ToHaveCountAsync(++sent);
        }
        await Expect(page.Locator("[data-testid=message][data-dir=in][data-kind=voice]")).ToContainTextAsync("2″"); // 1.5 s, rounded

        var saved = Directory.CreateTempSubdirectory("clawbot-page-saved-").FullName;
        Ps.Set("Saved", saved);
        var run = Ps.Run("Receive-ClawMessage -First 5 -Timeout 30 -SaveAttachmentsTo $Saved");
        run.AssertNoErrors();
        Assert.Equal(5, run.Output.Count);
        Assert.All(run.Output, m => Assert.Equal(alice.UserId, m.Properties["From"].Value));
        Assert.Equal("hi, it's Alice", run.Output[0].Properties["Text"].Value);
        Assert.Equal(["Text", "Image", "File", "Voice", "Video"], run.Output.Select(m => m.Properties["Kind"].Value.ToString()));

        // Encrypted onto the CDN by the simulator as for the control API: the script gets the bytes back exactly.
        var attachments = run.Output.Skip(1).Select(m => (PSObject)PSObject.AsPSObject(((System.Collections.IEnumerable)m.Properties["Attachments"].Value).Cast<object>().Single())).ToList();
        var expected = files.Values.ToList();
        for (var i = 0; i < attachments.Count; i++)
        {
            var savedFile = (FileInfo)attachments[i].Properties["SavedFile"].Value;
            Assert.Equal(expected[i], await File.ReadAllBytesAsync(savedFile.FullName));
        }
        var playTime = (TimeSpan)attachments[2].Properties["PlayTime"].Value;
        Assert.InRange(playTime.TotalMilliseconds, 1400, 1600); // measured by the browser from the WAV's own header
        Assert.Equal("data.bin", attachments[1].Properties["FileName"].Value);
    }

    [Fact]
    public async Task AVoiceNoteRecordedOnThePage_ReachesTheScriptAsVoice()
    {
        var (botId, userId) = Connect();
        var page = await OpenAsync(ChatHash(botId, userId), Phone, 800);
        await page.GetByTestId("composer-input").FillAsync("recorded in the browser");
        await page.GetByTestId("attach").ClickAsync();
        await page.GetByTestId("record").ClickAsync();
        await Expect(page.Locator("#recording")).ToBeVisibleAsync();
        await Expect(page.Locator("#recording-time")).ToHaveTextAsync("0:01"); // the page's own clock: a second of tone
        await page.Locator("#record-stop").ClickAsync();
        var voice = page.Locator("[data-testid=message][data-dir=in][data-kind=voice]");
        await Expect(voice).ToContainTextAsync("recorded in the browser"); // the box's text went along as the transcription

        var run = Ps.Run("Receive-ClawMessage -First 1 -Timeout 30");
        run.AssertNoErrors();
        var message = Assert.Single(run.Output);
        Assert.Equal("Voice", message.Properties["Kind"].Value.ToString());
        Assert.Equal("recorded in the browser", message.Properties["Text"].Value);
        var attachment = PSObject.AsPSObject(((System.Collections.IEnumerable)message.Properties["Attachments"].Value).Cast<object>().Single());
        Assert.True(((TimeSpan)attachment.Properties["PlayTime"].Value).TotalMilliseconds >= 1000);
        var saved = Directory.CreateTempSubdirectory("clawbot-page-voice-").FullName;
        Ps.Set("Saved", saved);
        Ps.Set("Message", message);
        Ps.Run("$Message | Save-ClawAttachment -Destination $Saved").AssertNoErrors();
        var bytes = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(saved)));
        Assert.Equal(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }, bytes[..4]); // what the browser's MediaRecorder made: WebM
    }
}
