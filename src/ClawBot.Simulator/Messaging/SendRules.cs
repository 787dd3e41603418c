using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Messaging;

/// <summary>The send-side rules the real service is measured to enforce. Each returns an errmsg, or null when met.</summary>
public static class SendRules
{
    /// <summary>
    /// SIM-12: the token must be one this bot issued with a message from <paramref name="to"/> (any of that user's
    /// tokens, not only the newest) and younger than ContextTokenLifetime. Skipped unless RequireContextToken.
    /// </summary>
    public static string? CheckContextToken(SimState state, BotAccount bot, string to, string? token)
    {
        if (!state.Options.RequireContextToken) return null;
        if (string.IsNullOrEmpty(token)) return "context_token is required";
        if (!bot.ContextTokens.TryGetValue(token, out var grant) || grant.UserId != to) return "invalid context_token";
        if (state.Clock.Now - grant.IssuedAt >= state.Options.ContextTokenLifetime) return "context_token expired";
        return null;
    }

    /// <summary>SIM-21: at most SendAllowance bot messages per inbound user message.</summary>
    public static string? CheckAllowance(SimState state, BotAccount bot, string to)
    {
        var allowance = state.Options.SendAllowance;
        if (allowance <= 0) return null;
        return bot.Window(to).SentSinceInbound >= allowance ? "send allowance exhausted: wait for the user's next message" : null;
    }

    /// <summary>SIM-14: MaxTextLength in Unicode scalar values, when set.</summary>
    public static string? CheckTextLength(SimState state, IEnumerable<SimSentMessage> items)
    {
        var max = state.Options.MaxTextLength;
        if (max <= 0) return null;
        foreach (var i in items)
            if (i.Text != null && i.Text.EnumerateRunes().Count() > max) return $"text longer than {max} characters";
        return null;
    }

    /// <summary>
    /// Strict: a GENERATING (1) message opens a run to that user which only text can continue and a FINISH (2) ends
    /// (§6.3: every chunk but the last is GENERATING). Anything else while it is open (a media item) is refused, since a
    /// stream left unfinished is what the seed's order rules out.
    /// </summary>
    public static string? CheckOpenRun(SimState state, BotAccount bot, string to, IEnumerable<SimSentMessage> items)
    {
        if (!state.Options.Strict || !bot.OpenRuns.TryGetValue(to, out var run)) return null;
        return items.Any(i => i.ItemType != 1)
            ? $"a GENERATING run to this user (from client_id {run}) is not finished: send its last chunk with message_state 2 first"
            : null;
    }

    /// <summary>
    /// Opens, continues or ends the user's GENERATING run after a delivery: only a text FINISH ends it (a media item
    /// let through with strict mode off is no last chunk). Caller holds Sync.
    /// </summary>
    public static void TrackRun(BotAccount bot, string to, string clientId, int messageState, IEnumerable<SimSentMessage> items)
    {
        if (messageState == 1) bot.OpenRuns.TryAdd(to, clientId);
        else if (messageState == 2 && items.All(i => i.ItemType == 1)) bot.OpenRuns.Remove(to);
    }
}
