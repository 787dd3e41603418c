using ClawBot.Simulator.Control;

namespace ClawBot.Simulator.State;

/// <summary>
/// Everything the service knows about one bound bot. All members are guarded by <see cref="SimState.Sync"/>;
/// the simulator favours one coarse lock over cleverness because request rates are tiny.
/// </summary>
public sealed class BotAccount
{
    public BotAccount(string botId, string token, string userId)
    {
        BotId = botId;
        Token = token;
        UserId = userId;
    }

    public string BotId { get; }
    /// <summary>The live bot_token (re-binding replaces it, expiring the session revokes it).</summary>
    public string Token { get; set; }
    public bool Revoked { get; set; }
    /// <summary>The user who bound the bot.</summary>
    public string UserId { get; set; }

    /// <summary>Inbound queue; Queue[i].Seq == i + 1, so a cursor position is also an index.</summary>
    public List<InboundRecord> Queue { get; } = new();
    /// <summary>Pulsed when a message is queued or the session is revoked: wakes getupdates holds.</summary>
    public AsyncSignal Signal { get; } = new();

    public Dictionary<string, ContextTokenGrant> ContextTokens { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, UserWindow> Windows { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ClientIds { get; } = new(StringComparer.Ordinal);
    public List<SimSentMessage> Sent { get; } = new();
    public List<SimDroppedMessage> Dropped { get; } = new();
    /// <summary>The first item of each delivered message, as sent, by message id (quotable in full).</summary>
    public Dictionary<ulong, System.Text.Json.Nodes.JsonObject> SentItems { get; } = new();
    /// <summary>Users with an unfinished GENERATING run, and the client_id that opened it.</summary>
    public Dictionary<string, string> OpenRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>What users sent and the users known by name, as the chat page shows them.</summary>
    public ChatLog Chat { get; } = new();

    public Dictionary<string, string> TypingTickets { get; } = new(StringComparer.Ordinal);
    public List<TypingEvent> Typing { get; } = new();

    /// <summary>Online state from msg/notifystart and msg/notifystop (SIM-20).</summary>
    public bool Online { get; set; }
    public int NotifyStarts { get; set; }
    public int NotifyStops { get; set; }

    /// <summary>session_id per user (full shapes): stable for the pair, opaque.</summary>
    public Dictionary<string, string> Sessions { get; } = new(StringComparer.Ordinal);

    public string SessionWith(string userId)
    {
        if (!Sessions.TryGetValue(userId, out var s)) Sessions[userId] = s = Ids.Hex(16);
        return s;
    }

    public UserWindow Window(string userId)
    {
        if (!Windows.TryGetValue(userId, out var w)) Windows[userId] = w = new UserWindow();
        return w;
    }

    public SimBot ToSimBot() => new(BotId, Token, UserId);
}
