using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// ref_msg of an inbound message (PROTOCOL.md §5.3). <see cref="SimInboundRequest.QuoteSvrId"/> writes the form newer
/// WeChat versions send, svr_id alone. <see cref="SimInboundRequest.QuoteMessageId"/> quotes a message this bot
/// received or sent: in full shapes with svr_id, the quoted item (message_item, media and all), a title and, for a
/// selection, partial_text; in sparse shapes svr_id alone.
/// </summary>
public static class InboundQuote
{
    private const int TitleRunes = 30;
    private const int AnchorChars = 4;
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The ref_msg object as JSON text, or null when the message quotes nothing.</summary>
    public static string? Build(SimState state, BotAccount bot, SimInboundRequest request)
    {
        var byId = !string.IsNullOrEmpty(request.QuoteMessageId);
        if (byId && request.QuoteSvrId != null) throw new ArgumentException("give QuoteSvrId or QuoteMessageId, not both");
        if (!byId && request.QuoteSelection != null) throw new ArgumentException("QuoteSelection needs QuoteMessageId");
        if (request.QuoteSvrId != null) return SvrIdOnly(request.QuoteSvrId);
        if (!byId) return null;

        if (!ulong.TryParse(request.QuoteMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new ArgumentException("QuoteMessageId must be a message id");
        JsonObject? item;
        lock (state.Sync) item = Find(bot, id);
        if (item == null) throw new ArgumentException("QuoteMessageId names no message this bot received or sent");
        if (!state.Options.FullShapes) return SvrIdOnly(request.QuoteMessageId!);

        item.Remove("ref_msg"); // a quote of a quote carries only the quoted message itself
        item["msg_id"] ??= id;
        var refMsg = new JsonObject { ["message_item"] = item, ["title"] = Title(item), ["svr_id"] = id };
        if (request.QuoteSelection is { } selection)
        {
            var text = QuotedText(item) ?? throw new ArgumentException("QuoteSelection needs a quoted message with text");
            refMsg["partial_text"] = Partial(text, selection);
        }
        return refMsg.ToJsonString(Json);
    }

    /// <summary>svr_id as a bare uint64 number where it is one (as the service writes ids), else as given.</summary>
    private static string SvrIdOnly(string svrId) =>
        ulong.TryParse(svrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new JsonObject { ["svr_id"] = id }.ToJsonString(Json)
            : new JsonObject { ["svr_id"] = svrId }.ToJsonString(Json);

    /// <summary>The first item of a message the bot received (its queue) or delivered, as a fresh copy. Caller holds Sync.</summary>
    private static JsonObject? Find(BotAccount bot, ulong id)
    {
        foreach (var record in bot.Queue)
            if (record.MessageId == id)
                return JsonNode.Parse(record.Json)?["item_list"]?[0]?.DeepClone() as JsonObject;
        return bot.SentItems.TryGetValue(id, out var sent) ? (JsonObject)sent.DeepClone() : null;
    }

    private static string? QuotedText(JsonObject item) =>
        (item["text_item"]?["text"] ?? item["voice_item"]?["text"]) is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>A digest of the quoted message (an assumption: the service's exact title is unknown).</summary>
    private static string Title(JsonObject item)
    {
        var type = Wire.JsonIn.Int(item["type"]) ?? 0;
        return type switch
        {
            2 => "[图片]",
            3 => "[语音]",
            4 => "[文件] " + (Wire.JsonIn.Str(item["file_item"]?["file_name"]) ?? ""),
            5 => "[视频]",
            _ => Shorten(QuotedText(item) ?? ""),
        };
    }

    private static string Shorten(string text)
    {
        var runes = text.EnumerateRunes().ToList();
        return runes.Count <= TitleRunes ? text : string.Concat(runes.Take(TitleRunes).Select(r => r.ToString())) + "…";
    }

    /// <summary>
    /// partial_text for <paramref name="selection"/> inside <paramref name="text"/>: anchors at both ends, the
    /// occurrence of each counted from the start of the text (the "global" reading the official client tries first),
    /// and the MD5 of the selection.
    /// </summary>
    private static JsonObject Partial(string text, string selection)
    {
        var at = text.IndexOf(selection, StringComparison.Ordinal);
        if (selection.Length == 0 || at < 0) throw new ArgumentException("QuoteSelection is not part of the quoted text");
        var start = selection[..Anchor(selection, fromEnd: false)];
        var end = selection[^Anchor(selection, fromEnd: true)..];
        return new JsonObject
        {
            ["start"] = start,
            ["end"] = end,
            ["startindex"] = Occurrence(text, start, at),
            ["endindex"] = Occurrence(text, end, at + selection.Length - end.Length),
            ["quotemd5"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(selection))),
        };
    }

    /// <summary>Up to <see cref="AnchorChars"/> UTF-16 units, never splitting a surrogate pair.</summary>
    private static int Anchor(string s, bool fromEnd)
    {
        var n = Math.Min(AnchorChars, s.Length);
        if (n < s.Length && (fromEnd ? char.IsLowSurrogate(s[^n]) : char.IsHighSurrogate(s[n - 1]))) n++;
        return n;
    }

    /// <summary>Which occurrence of <paramref name="value"/> (scanning without overlap, as the client does) starts at <paramref name="position"/>.</summary>
    private static int Occurrence(string text, string value, int position)
    {
        var from = 0;
        for (var k = 0; ; k++)
        {
            var found = text.IndexOf(value, from, StringComparison.Ordinal);
            if (found == position) return k;
            if (found < 0 || found > position) throw new ArgumentException("QuoteSelection cannot be anchored in the quoted text");
            from = found + value.Length;
        }
    }
}
