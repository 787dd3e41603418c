using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Page;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>
/// What the chat page builds on, without a browser: users by name, the QR cancel, media served decrypted, the QR image,
/// the page state (multi-part grouping, streaming, typing) and the event stream that wakes the page.
/// </summary>
public sealed class ChatPageStateTests
{
    private const string User = "o9xUser@im.wechat";

    [Fact]
    public async Task UsersByName_AreListedWithTheirSendWindow()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var alice = await sim.Control.AddUserAsync(bot.BotId, "  Alice  ");
        Assert.Equal("Alice", alice.Name);
        Assert.EndsWith("@im.wechat", alice.UserId);
        Assert.Null(alice.TokenIssuedAt);
        Assert.Equal(10, alice.Remaining);

        await sim.Control.SendTextToBotAsync(bot.BotId, alice.UserId, "hi");
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "me too");
        await sim.Control.AddUserAsync(bot.BotId, "Alice Zhang", alice.UserId); // renames
        var users = await sim.Control.UsersAsync(bot.BotId);
        Assert.Equal([bot.UserId, alice.UserId, User], users.Select(u => u.UserId));
        Assert.True(users[0].IsBinder);
        Assert.Equal("Alice Zhang", users[1].Name);
        Assert.NotNull(users[1].TokenIssuedAt);
        Assert.Equal(users[1].TokenIssuedAt + TimeSpan.FromHours(24), users[1].TokenExpiresAt);
        Assert.Null(users[2].Name);

        var empty = await Assert.ThrowsAsync<SimulatorControlException>(() => sim.Control.AddUserAsync(bot.BotId, " "));
        Assert.Equal(400, empty.Status);
        await Assert.ThrowsAsync<SimulatorControlException>(() => sim.Control.AddUserAsync(bot.BotId, new string('x', 41)));
    }

    [Fact]
    public async Task Cancel_TakesAScannedCodeBackToWait_AndAPollSeesIt()
    {
        await using var sim = await TestSim.StartAsync(o => o.QrStatusHold = TimeSpan.FromSeconds(20));
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();

        var notScanned = await Assert.ThrowsAsync<SimulatorControlException>(() => sim.Control.CancelQrAsync(code));
        Assert.Equal(409, notScanned.Status);

        await sim.Control.ScanAsync(code);
        Assert.Equal("scaned", (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!["status"]!.GetValue<string>());
        var held = c.GetAsync("get_qrcode_status?qrcode=" + code); // holds: nothing changed since the last answer
        await Waits.ForRequestsAsync(sim, "get_qrcode_status", 2);
        await sim.Control.CancelQrAsync(code);
        Assert.Equal("wait", (await held).Json!["status"]!.GetValue<string>());
        Assert.Equal("wait", (await sim.Control.QrDetailsAsync(code)).Status);

        await sim.Control.ScanAsync(code);
        await sim.Control.ConfirmAsync(code);
        Assert.Equal(409, (await Assert.ThrowsAsync<SimulatorControlException>(() => sim.Control.CancelQrAsync(code))).Status);
    }

    [Fact]
    public async Task QrImage_IsAnSvgOfTheCode()
    {
        await using var sim = await TestSim.StartAsync();
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        using var http = new HttpClient();
        using var svg = await http.GetAsync(new Uri(sim.RootUrl, $"_sim/qrcodes/{code}/image.svg"));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", (await svg.Content.ReadAsStringAsync()).TrimStart());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(sim.RootUrl, "_sim/qrcodes/nope/image.svg"))).StatusCode);
    }

    [Fact]
    public async Task Media_IsServedDecrypted_InlineOnlyWhenPassive()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
        var inbound = await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest
        {
            FromUserId = User, MediaKind = SimMediaKind.File, FileName = "page.html", Content = html,
        });
        using var http = new HttpClient();
        using var userFile = await http.GetAsync(new Uri(sim.RootUrl, $"_sim/bots/{bot.BotId}/messages/{inbound.MessageId}/content"));
        Assert.Equal(html, await userFile.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", userFile.Content.Headers.ContentType!.MediaType); // never rendered as a page
        Assert.Equal("attachment", userFile.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("page.html", userFile.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", userFile.Headers.GetValues("X-Content-Type-Options").Single());

        // What the bot sent: decrypted with the key its message carried.
        using var api = new WireClient(sim.BaseUrl, bot.BotToken);
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var (param, aesKey) = await MediaUpload.UploadAsync(api, http, sim.CdnBaseUrl, png, User, mediaType: 1);
        var item = new JsonObject
        {
            ["type"] = 2,
            ["image_item"] = new JsonObject
            {
                ["media"] = new JsonObject { ["encrypt_query_param"] = param, ["aes_key"] = aesKey, ["encrypt_type"] = 1 },
                ["mid_size"] = (png.Length / 16 + 1) * 16,
            },
        };
        var msg = new JsonObject
        {
            ["to_user_id"] = User, ["client_id"] = "c-img", ["message_type"] = 2, ["message_state"] = 2,
            ["context_token"] = inbound.ContextToken, ["item_list"] = new JsonArray(item),
        };
        var sent = await api.PostAsync("sendmessage", new JsonObject { ["msg"] = msg });
        Assert.True(sent.Status == 200 && sent.Json!["ret"] is null, sent.Text);
        using var image = await http.GetAsync(new Uri(sim.RootUrl, $"_sim/bots/{bot.BotId}/sent/0/content"));
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", image.Content.Headers.ContentDisposition!.DispositionType);
        using var download = await http.GetAsync(new Uri(sim.RootUrl, $"_sim/bots/{bot.BotId}/sent/0/content?download=1"));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(sim.RootUrl, $"_sim/bots/{bot.BotId}/sent/1/content"))).StatusCode);
    }

    [Fact]
    public async Task PageState_GroupsGeneratingRuns_ShowsStreamingTypingAndQuotes()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var first = await sim.Control.SendTextToBotAsync(bot.BotId, User, "tell me a story");
        using var api = new WireClient(sim.BaseUrl, bot.BotToken);
        await api.SendTextAsync(User, "Once upon ", first.ContextToken, state: 1);
        await api.SendTextAsync(User, "a time", first.ContextToken, state: 1);

        var chat = (await StateAsync(sim, bot.BotId, User)).Chat!;
        var story = chat.Messages[1];
        Assert.Equal(("out", "Once upon a time", 2, true), (story.Dir, story.Text, story.Parts, story.Streaming));

        await api.SendTextAsync(User, ". The end.", first.ContextToken, state: 2);
        await api.SendTextAsync(User, "Another one?", first.ContextToken);
        var typing = await api.PostAsync("getconfig", new JsonObject { ["ilink_user_id"] = User, ["context_token"] = first.ContextToken });
        await api.PostAsync("sendtyping", new JsonObject { ["ilink_user_id"] = User, ["typing_ticket"] = typing.Json!["typing_ticket"]!.GetValue<string>(), ["status"] = 1 });
        var storyId = (await sim.Control.SentAsync(bot.BotId)).First().MessageId;
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "loved it", QuoteSvrId = storyId });

        var state = await StateAsync(sim, bot.BotId, User);
        var messages = state.Chat!.Messages;
        Assert.Equal(["in", "out", "out", "in"], messages.Select(m => m.Dir));
        Assert.Equal(("Once upon a time. The end.", 3, false), (messages[1].Text, messages[1].Parts, messages[1].Streaming));
        Assert.Equal(("Another one?", 1), (messages[2].Text, messages[2].Parts));
        Assert.Equal(new PageQuote(storyId, "out", "Once upon a time. The end."), messages[3].Quote);
        var user = Assert.Single(state.Bots.Single().Users, u => u.UserId == User);
        Assert.True(user.Typing);
        Assert.Equal(10, user.Remaining); // four sends after "tell me a story", then "loved it" renewed the allowance
        Assert.Equal("loved it", user.LastPreview);
    }

    [Fact]
    public async Task Receiving_WhileAGetUpdatesIsHeld()
    {
        await using var sim = await TestSim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(20));
        var bot = await sim.Control.CreateBotAsync();
        Assert.False((await StateAsync(sim, null, null)).Bots.Single().Receiving);
        using var api = new WireClient(sim.BaseUrl, bot.BotToken);
        var poll = api.PollAsync("");
        await Waits.ForRequestsAsync(sim, "getupdates", 1);
        var during = (await StateAsync(sim, null, null)).Bots.Single();
        Assert.True(during.Receiving);
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "wake up"); // ends the hold
        Assert.Single((await poll).Msgs);
        var after = (await StateAsync(sim, null, null)).Bots.Single();
        Assert.False(after.Receiving);
        Assert.True(after.LastPollAt >= during.LastPollAt);
    }

    [Fact]
    public async Task EventStream_SaysChangedAfterEveryChange()
    {
        await using var sim = await TestSim.StartAsync();
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(sim.RootUrl, "_sim/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var start = await NextVersionAsync(reader);

        var bot = await sim.Control.CreateBotAsync();
        var afterBot = await NextVersionAsync(reader);
        Assert.True(afterBot > start);

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 503 });
        Assert.True(await NextVersionAsync(reader) > afterBot);
        Assert.Equal("getupdates", Assert.Single((await StateAsync(sim, null, null)).Faults).Endpoint);
        _ = bot;
    }

    private static async Task<long> NextVersionAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line) // a hang guard
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                return JsonNode.Parse(line[6..])!["version"]!.GetValue<long>();
        throw new EndOfStreamException();
    }

    private static async Task<PageState> StateAsync(SimulatorServer sim, string? botId, string? userId)
    {
        using var http = new HttpClient();
        var query = botId == null ? "" : $"?botId={Uri.EscapeDataString(botId)}&userId={Uri.EscapeDataString(userId!)}";
        return (await http.GetFromJsonAsync<PageState>(new Uri(sim.RootUrl, "_sim/page/state" + query), ControlJson.Options))!;
    }
}
