namespace ClawBot.Simulator.State;

/// <summary>
/// A bot's side of the simulated phone: the users it knows by name and every message users sent it, for the chat page
/// and the control API's user list. Guarded by <see cref="SimState.Sync"/>, like the rest of <see cref="BotAccount"/>.
/// </summary>
public sealed class ChatLog
{
    private readonly Dictionary<string, ChatInbound> _byId = new(StringComparer.Ordinal);

    /// <summary>Inbound messages, oldest first.</summary>
    public List<ChatInbound> Inbound { get; } = new();

    /// <summary>Simulated users added by name (page or control API), in the order they were added.</summary>
    public List<(string UserId, string Name, DateTimeOffset AddedAt)> Named { get; } = new();

    /// <summary>getupdates calls of this bot in progress, and when the last one ended: is a client receiving?</summary>
    public int ActivePolls { get; set; }
    public DateTimeOffset? LastPollAt { get; set; }

    public void Add(ChatInbound message)
    {
        Inbound.Add(message);
        _byId[message.MessageId] = message;
    }

    public ChatInbound? Find(string messageId) => _byId.GetValueOrDefault(messageId);

    /// <summary>The name given to <paramref name="userId"/>, or null.</summary>
    public string? NameOf(string userId)
    {
        foreach (var n in Named) if (n.UserId == userId) return n.Name;
        return null;
    }
}
