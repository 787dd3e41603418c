using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Page;

/// <summary>Builds <see cref="PageState"/> from the simulator's state, under its lock, so the page never sees half a change.</summary>
public static class PageSnapshot
{
    /// <summary>
    /// How long "typing…" stays up after a sendtyping status 1 without a cancel. The service's own rule is unknown
    /// (PROTOCOL.md §14.13); clients repeat status 1 every 5 s while they work, so this outlives several keep-alives.
    /// </summary>
    public static readonly TimeSpan TypingShownFor = TimeSpan.FromSeconds(30);

    /// <summary>The newest messages a conversation shows.</summary>
    public const int MaxMessages = 300;

    /// <summary>Finished QR codes kept in the list (pending ones are always shown).</summary>
    public const int MaxFinishedQrCodes = 8;

    public static PageState Build(SimState state, string? botId, string? userId)
    {
        var version = state.Changes.Version; // read first: a change during the build makes the page fetch again
        var o = state.Options;
        var settings = new PageSettings(state.ApiBase.ToString(), state.CdnBase.ToString(), o.SendAllowance,
            o.ContextTokenLifetime.TotalMilliseconds, o.QrTtl.TotalMilliseconds, TypingShownFor.TotalMilliseconds,
            o.RequireContextToken, o.AutoConfirmAfter?.TotalMilliseconds);
        var faults = state.Faults.Snapshot().Select(f => new PageFault(f.Endpoint, f.Kind.ToString(), f.Count, f.Status, f.Ret,
            f.Delay.TotalMilliseconds)).ToList();
        var requests = state.Stats.Snapshot().RequestsByEndpoint;

        lock (state.Sync)
        {
            var now = state.Clock.Now;
            var bots = state.Bots.Values.Select(b => Bot(state, b, now)).ToList();
            PageChat? chat = null;
            if (botId != null && userId != null && state.Bots.TryGetValue(botId, out var open))
                chat = ConversationBuilder.Build(open, userId, MaxMessages);
            return new PageState(version, now, settings, QrCodes(state), bots, faults, requests, chat);
        }
    }

    private static List<PageQr> QrCodes(SimState state)
    {
        var list = new List<PageQr>();
        var finished = 0;
        for (var i = state.QrCodes.Count - 1; i >= 0; i--)
        {
            var qr = state.QrCodes[i];
            var status = state.CurrentStatus(qr);
            var pending = status is "wait" or "scaned" or "need_verifycode";
            if (!pending && ++finished > MaxFinishedQrCodes) continue;
            list.Add(new PageQr(qr.Code, qr.Content, status, qr.IssuedAt, qr.IssuedAt + state.Options.QrTtl,
                qr.Phase == QrPhase.NeedVerifyCode ? qr.VerifyCode : null, qr.WrongCodes, qr.Bot?.BotId, qr.PollHosts.Count));
        }
        return list;
    }

    private static PageBot Bot(SimState state, BotAccount bot, DateTimeOffset now)
    {
        // One pass over each log for every user's counts and last message.
        var stats = new Dictionary<string, (int In, int Out, DateTimeOffset At, string Preview)>(StringComparer.Ordinal);
        foreach (var m in bot.Chat.Inbound)
        {
            var s = stats.GetValueOrDefault(m.FromUserId);
            stats[m.FromUserId] = (s.In + 1, s.Out, m.At, ConversationBuilder.Preview(m.Text, m.MediaKind?.ToString().ToLowerInvariant(), m.FileName));
        }
        foreach (var m in bot.Sent)
        {
            var s = stats.GetValueOrDefault(m.ToUserId);
            var kind = m.ItemType switch { 2 => "image", 3 => "voice", 4 => "file", 5 => "video", _ => null };
            // The newest message gives the preview, whichever side sent it (equal times: the user's came first).
            stats[m.ToUserId] = m.ReceivedAt > s.At || s.In == 0
                ? (s.In, s.Out + 1, m.ReceivedAt, ConversationBuilder.Preview(m.Text, kind, m.FileName))
                : (s.In, s.Out + 1, s.At, s.Preview);
        }
        var typing = new Dictionary<string, TypingEvent>(StringComparer.Ordinal);
        foreach (var t in bot.Typing) typing[t.UserId] = t;

        var users = UserList.Build(state, bot).Select(u =>
        {
            var s = stats.GetValueOrDefault(u.UserId);
            var t = typing.GetValueOrDefault(u.UserId);
            var on = t is { Status: 1 } && now - t.At < TypingShownFor;
            return new PageUser(u.UserId, u.Name, u.IsBinder, u.Remaining, u.TokenIssuedAt, u.TokenExpiresAt, on, on ? t!.At : null,
                s.In + s.Out > 0 ? s.At : null, s.In + s.Out > 0 ? s.Preview : null, s.In, s.Out);
        }).ToList();
        return new PageBot(bot.BotId, bot.UserId, bot.Online, bot.Chat.ActivePolls > 0, bot.Chat.LastPollAt, bot.Revoked,
            bot.Queue.Count, bot.Dropped.Count, users);
    }
}
