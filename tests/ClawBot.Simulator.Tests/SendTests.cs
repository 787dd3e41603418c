using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-12 validation, SIM-13 silent drops, SIM-14 success, SIM-21 allowance.</summary>
public sealed class SendTests
{
    private const string User = "o9xUser@im.wechat";

    private static JsonObject Msg(string? to = User, int? type = 2, JsonArray? items = null, string? clientId = "cid-1", string? token = null, int state = 2)
    {
        var m = new JsonObject { ["from_user_id"] = "", ["message_state"] = state };
        if (to != null) m["to_user_id"] = to;
        if (type != null) m["message_type"] = type;
        if (items != null) m["item_list"] = items;
        if (clientId != null) m["client_id"] = clientId;
        if (token != null) m["context_token"] = token;
        return new JsonObject { ["msg"] = m };
    }

    private static JsonArray Text(string t) => new(new JsonObject { ["type"] = 1, ["text_item"] = new JsonObject { ["text"] = t } });

    [Fact]
    public async Task Sim12_SendValidation()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        async Task<int> Ret(JsonObject body) => (await c.PostAsync("sendmessage", body)).Json!["ret"]?.GetValue<int>() ?? 0;

        Assert.Equal(-2, await Ret(Msg(to: null, items: Text("x"), token: inbound.ContextToken)));
        Assert.Equal(-2, await Ret(Msg(type: 1, items: Text("x"), token: inbound.ContextToken)));
        Assert.Equal(-2, await Ret(Msg(items: new JsonArray(), token: inbound.ContextToken, state: 1)));
        Assert.Equal(-2, await Ret(Msg(items: null, token: inbound.ContextToken)));
        Assert.Equal(-2, await Ret(Msg(items: Text("x"), token: null))); // no context token
        Assert.Equal(-2, await Ret(Msg(items: Text("x"), token: "forged")));
        Assert.Equal(-2, await Ret(Msg(to: "o9xOther@im.wechat", items: Text("x"), token: inbound.ContextToken))); // another user's token
        Assert.Empty(await sim.Control.SentAsync(bot.BotId));

        // Both state styles, and several items in one request, are accepted and recorded.
        Assert.Equal(0, await Ret(Msg(items: Text("part 1"), clientId: "a", token: inbound.ContextToken, state: 1)));
        var two = new JsonArray(Text("x")[0]!.DeepClone(), Text("y")[0]!.DeepClone());
        Assert.Equal(0, await Ret(Msg(items: two, clientId: "b", token: inbound.ContextToken, state: 2)));
        var sent = await sim.Control.SentAsync(bot.BotId);
        Assert.Equal(new[] { 1, 2, 2 }, sent.Select(s => s.MessageState));
        Assert.Equal(new[] { 1, 2, 2 }, sent.Select(s => s.ItemCount));
    }

    [Fact]
    public async Task Sim12_ContextTokenLifetimeAndOptionalEnforcement()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var older = await sim.Control.SendTextToBotAsync(bot.BotId, User, "1");
        var newer = await sim.Control.SendTextToBotAsync(bot.BotId, User, "2");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        Assert.Null((await c.SendTextAsync(User, "with an older token of this user", older.ContextToken)).Json!["ret"]);

        await sim.Control.AdvanceClockAsync(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Equal(-2, (await c.SendTextAsync(User, "too late", newer.ContextToken)).Json!["ret"]!.GetValue<int>());
        Assert.Equal(TimeSpan.FromHours(24), new SimulatorOptions().ContextTokenLifetime);

        sim.Options.RequireContextToken = false;
        Assert.Null((await c.SendTextAsync(User, "accepted without a token", null)).Json!["ret"]);
        Assert.Null((await c.SendTextAsync(User, "accepted with an empty token", "")).Json!["ret"]);
    }

    [Fact]
    public async Task Sim13_MissingOrDuplicateClientIdIsDroppedSilently()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);

        var missing = await c.PostAsync("sendmessage", Msg(items: Text("no id"), clientId: null, token: inbound.ContextToken));
        Assert.Equal((200, "{}"), (missing.Status, missing.Text));
        Assert.Equal("{}", (await c.SendTextAsync(User, "first", inbound.ContextToken, clientId: "same")).Text);
        var dup = await c.SendTextAsync(User, "second", inbound.ContextToken, clientId: "same");
        Assert.Equal((200, "{}"), (dup.Status, dup.Text));

        Assert.Equal(new[] { "first" }, (await sim.Control.SentAsync(bot.BotId)).Select(s => s.Text));
        var dropped = await sim.Control.DroppedAsync(bot.BotId);
        Assert.Equal(2, dropped.Count);
        Assert.Contains(dropped, d => d.Reason.Contains("missing") && d.ClientId == null);
        Assert.Contains(dropped, d => d.Reason.Contains("duplicate") && d.ClientId == "same");
    }

    [Fact]
    public async Task Sim14_SuccessIsEmptyObjectOrMessageIdAndOrderIsRecorded()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);

        var plain = await c.SendTextAsync(User, "one", inbound.ContextToken);
        Assert.Equal((200, "{}"), (plain.Status, plain.Text));

        sim.Options.ReturnMessageIds = true;
        var withId = await c.SendTextAsync(User, "two", inbound.ContextToken);
        Assert.Equal(0, withId.Json!["ret"]!.GetValue<int>());
        var raw = withId.Text;
        var id = withId.Json["message_id"]!.ToJsonString();
        Assert.Contains("\"message_id\":" + id, raw);
        Assert.True(ulong.Parse(id) > 1UL << 53);

        var sent = await sim.Control.SentAsync(bot.BotId, User);
        Assert.Equal(new[] { "one", "two" }, sent.Select(s => s.Text));
        Assert.True(sent[1].ReceivedAt >= sent[0].ReceivedAt);
        Assert.Equal(id, sent[1].MessageId);

        sim.Options.MaxTextLength = 5;
        Assert.Equal(-2, (await c.SendTextAsync(User, "toolong", inbound.ContextToken)).Json!["ret"]!.GetValue<int>());
        Assert.Equal(0, (await c.SendTextAsync(User, "😀😀😀😀😀", inbound.ContextToken)).Json!["ret"]!.GetValue<int>()); // 5 scalars
    }

    [Fact]
    public async Task Sim21_SendAllowanceRenewedByTheUsersNextMessage()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendAllowance = 3);
        var bot = await sim.Control.CreateBotAsync();
        var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        Assert.Equal(3, (await sim.Control.AllowanceAsync(bot.BotId, User)).Remaining);

        for (var i = 0; i < 3; i++) Assert.Equal("{}", (await c.SendTextAsync(User, "r" + i, inbound.ContextToken)).Text);
        var allowance = await sim.Control.AllowanceAsync(bot.BotId, User);
        Assert.Equal(0, allowance.Remaining);
        Assert.NotNull(allowance.TokenExpiresAt);
        Assert.Equal(-2, (await c.SendTextAsync(User, "one too many", inbound.ContextToken)).Json!["ret"]!.GetValue<int>());

        // Another user's window is separate; the user's next message renews theirs.
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "again");
        Assert.Equal(3, (await sim.Control.AllowanceAsync(bot.BotId, User)).Remaining);
        Assert.Equal("{}", (await c.SendTextAsync(User, "renewed, old token still valid", inbound.ContextToken)).Text);
        Assert.Equal(10, new SimulatorOptions().SendAllowance);

        sim.Options.SendAllowance = 0;
        Assert.Equal(-1, (await sim.Control.AllowanceAsync(bot.BotId, User)).Remaining); // unlimited
    }
}
