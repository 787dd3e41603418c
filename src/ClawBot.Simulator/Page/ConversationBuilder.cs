using System.Globalization;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Page;

/// <summary>
/// One user's conversation with a bot, as bubbles: what the user sent (the bot's <see cref="ChatLog"/>) and what the bot
/// delivered (<see cref="BotAccount.Sent"/>), merged by time. A run of GENERATING texts ending in FINISH is one bubble
/// (streaming until the FINISH arrives); the items of one multi-item send share a group. Caller holds Sync.
/// </summary>
public static class ConversationBuilder
{
    public static PageChat Build(BotAccount bot, string userId, int maxMessages)
    {
        var (outgoing, byId) = Outgoing(bot, userId);
        var incoming = bot.Chat.Inbound.Where(m => m.FromUserId == userId).Select(m => Incoming(bot, m, outgoing, byId)).ToList();

        var merged = new List<PageMessage>(incoming.Count + outgoing.Count);
        int i = 0, o = 0;
        while (i < incoming.Count || o < outgoing.Count)
        {
            // Equal times: the user's message first (a reply cannot precede what it answers).
            var takeIn = o >= outgoing.Count || (i < incoming.Count && incoming[i].At <= outgoing[o].At);
            merged.Add(takeIn ? incoming[i++] : outgoing[o++]);
        }
        var hidden = Math.Max(0, merged.Count - maxMessages);
        return new PageChat(bot.BotId, userId, hidden, hidden == 0 ? merged : merged.GetRange(hidden, maxMessages));
    }

    private static PageMessage Incoming(BotAccount bot, ChatInbound m, List<PageMessage> outgoing, Dictionary<string, int> byId)
    {
        var kind = m.MediaKind?.ToString().ToLowerInvariant() ?? "text";
        string? url = null;
        if (m.MediaParam != null) url = $"/_sim/bots/{Uri.EscapeDataString(bot.BotId)}/messages/{m.MessageId}/content";
        return new PageMessage("in:" + m.MessageId, m.MessageId, "in", m.At, kind, m.Text, m.FileName, m.MediaSize,
            m.PlayTimeMs, url, m.QuoteId == null ? null : Quote(bot, m.QuoteId, m.QuoteSelection, outgoing, byId), 1, false, null);
    }

    /// <returns>The bubbles, and for every message id the bot's sends carried, the bubble it ended up in.</returns>
    private static (List<PageMessage> Bubbles, Dictionary<string, int> ById) Outgoing(BotAccount bot, string userId)
    {
        var list = new List<PageMessage>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        int? run = null; // index in list of a text bubble still GENERATING
        for (var index = 0; index < bot.Sent.Count; index++)
        {
            var s = bot.Sent[index];
            if (s.ToUserId != userId) continue;
            var group = s.ItemCount > 1 ? s.ClientId : null;
            if (s.ItemType == 1 && group == null && run is { } open)
            {
                var bubble = list[open];
                list[open] = bubble with
                {
                    Text = bubble.Text + s.Text,
                    Parts = bubble.Parts + 1,
                    Streaming = s.MessageState == 1,
                };
                byId.TryAdd(s.MessageId, open);
                if (s.MessageState != 1) run = null;
                continue;
            }
            var kind = s.ItemType switch { 1 => "text", 2 => "image", 3 => "voice", 4 => "file", 5 => "video", _ => "tool" };
            string? url = s.FileContent == null ? null : $"/_sim/bots/{Uri.EscapeDataString(bot.BotId)}/sent/{index.ToString(CultureInfo.InvariantCulture)}/content";
            list.Add(new PageMessage("out:" + index.ToString(CultureInfo.InvariantCulture), s.MessageId, "out", s.ReceivedAt, kind, s.Text,
                s.FileName, s.FileContent?.LongLength, null, url, null, 1, s.ItemType == 1 && s.MessageState == 1, group));
            byId.TryAdd(s.MessageId, list.Count - 1);
            if (s.ItemType == 1 && group == null && s.MessageState == 1) run = list.Count - 1;
        }
        return (list, byId);
    }

    /// <summary>
    /// The quoted message, found among what either side sent (a part of a multi-part message quotes the whole bubble);
    /// Dir and Preview stay null when it is unknown.
    /// </summary>
    private static PageQuote Quote(BotAccount bot, string id, string? selection, List<PageMessage> outgoing, Dictionary<string, int> byId)
    {
        if (!string.IsNullOrEmpty(selection))
        {
            var dir = bot.Chat.Find(id) != null ? "in" : byId.ContainsKey(id) ? "out" : null;
            return new PageQuote(id, dir, Preview("“" + selection + "”", null, null));
        }
        if (bot.Chat.Find(id) is { } m) return new PageQuote(id, "in", Preview(m.Text, m.MediaKind?.ToString().ToLowerInvariant(), m.FileName));
        if (byId.TryGetValue(id, out var index)) return new PageQuote(id, "out", Preview(outgoing[index].Text, outgoing[index].Kind, outgoing[index].FileName));
        var sent = bot.Sent.Where(s => s.MessageId == id).ToList();
        if (sent.Count == 0) return new PageQuote(id, null, null);
        var text = string.Concat(sent.Where(s => s.ItemType == 1).Select(s => s.Text));
        var first = sent[0];
        return new PageQuote(id, "out", Preview(text.Length > 0 ? text : null,
            first.ItemType switch { 2 => "image", 3 => "voice", 4 => "file", 5 => "video", _ => null }, first.FileName));
    }

    /// <summary>A one-line summary: the text (cut), else the media kind and file name.</summary>
    public static string Preview(string? text, string? kind, string? fileName)
    {
        if (!string.IsNullOrEmpty(text))
        {
            var line = text.ReplaceLineEndings(" ");
            if (line.Length <= 80) return line;
            var cut = char.IsHighSurrogate(line[78]) ? 78 : 79; // never split a surrogate pair
            return line[..cut] + "…";
        }
        return kind switch
        {
            "image" => "[Image]",
            "video" => "[Video]",
            "voice" => "[Voice]",
            "file" => "[File] " + fileName,
            _ => "",
        };
    }
}
