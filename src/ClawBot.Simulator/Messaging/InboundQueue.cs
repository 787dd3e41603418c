using ClawBot.Simulator.Wire;
using System.Buffers;
using System.Text;
using System.Text.Json;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// A simulated user messages the bot (SIM-09, SIM-18): builds the WeixinMessage with a fresh context_token, queues it,
/// renews that user's send allowance (SIM-21) and wakes getupdates holds.
/// </summary>
public static class InboundQueue
{
    public static SimInbound Send(SimState state, BotAccount bot, SimInboundRequest request)
    {
        if (string.IsNullOrEmpty(request.Text) && request.MediaKind == null)
            throw new ArgumentException("a message needs text or media");
        var from = string.IsNullOrWhiteSpace(request.FromUserId) ? bot.UserId : request.FromUserId;
        var now = state.Clock.Now;
        var nowMs = now.ToUnixTimeMilliseconds();
        var messageId = Ids.MessageId();
        var contextToken = "AARzJWAF" + Ids.Opaque(48);

        // Build the items before taking the lock: media encryption can take a while for big files.
        var refMsg = InboundQuote.Build(state, bot, request);
        var items = new ArrayBufferWriter<byte>();
        (byte[] Key, string Param, string? ThumbParam)? media = null;
        using (var w = new Utf8JsonWriter(items, WireJson.Writer))
        {
            w.WriteStartArray();
            var textInItem = request.MediaKind is null or not SimMediaKind.Voice;
            var textItem = !string.IsNullOrEmpty(request.Text) && textInItem;
            if (textItem) InboundText.Write(w, request.Text!, refMsg, nowMs, messageId);
            // The quote goes on the first item: the text when there is one.
            if (request.MediaKind != null) media = InboundMedia.Write(w, state, request, nowMs, textItem ? null : refMsg);
            w.WriteEndArray();
        }
        var itemsJson = Encoding.UTF8.GetString(items.WrittenSpan);

        lock (state.Sync)
        {
            var seq = bot.Queue.Count + 1L;
            var json = Serialize(state, bot, seq, messageId, from, nowMs, contextToken, itemsJson, request.GroupId);
            bot.Queue.Add(new InboundRecord(seq, messageId, from, contextToken, json));
            bot.Chat.Add(ChatInbound.Of(seq, messageId, from, now, request, media));
            bot.ContextTokens[contextToken] = new ContextTokenGrant(from, now);
            var window = bot.Window(from);
            window.SentSinceInbound = 0;
            window.LastTokenIssuedAt = now;
            bot.Signal.Pulse();
        }
        return new SimInbound(messageId.ToString(System.Globalization.CultureInfo.InvariantCulture), from, contextToken)
        {
            MediaKeyHex = media is { } m ? Convert.ToHexStringLower(m.Key) : null,
            MediaDownloadParam = media?.Param,
            ThumbnailDownloadParam = media?.ThumbParam,
        };
    }

    /// <summary>Queues many texts under one lock (benchmarks): same shapes, one wake-up.</summary>
    public static void SendMany(SimState state, BotAccount bot, string from, int count, string prefix)
    {
        if (string.IsNullOrWhiteSpace(from)) from = bot.UserId;
        var now = state.Clock.Now;
        var nowMs = now.ToUnixTimeMilliseconds();
        lock (state.Sync)
        {
            for (var i = 0; i < count; i++)
            {
                var messageId = Ids.MessageId();
                var contextToken = "AARzJWAF" + Ids.Opaque(48);
                var items = new ArrayBufferWriter<byte>();
                using (var w = new Utf8JsonWriter(items, WireJson.Writer))
                {
                    w.WriteStartArray();
                    InboundText.Write(w, $"{prefix}{i + 1}", null, nowMs, messageId);
                    w.WriteEndArray();
                }
                var seq = bot.Queue.Count + 1L;
                var json = Serialize(state, bot, seq, messageId, from, nowMs, contextToken, Encoding.UTF8.GetString(items.WrittenSpan), null);
                bot.Queue.Add(new InboundRecord(seq, messageId, from, contextToken, json));
                bot.Chat.Add(new ChatInbound { Seq = seq, MessageId = messageId.ToString(System.Globalization.CultureInfo.InvariantCulture), FromUserId = from, At = now, Text = $"{prefix}{i + 1}" });
                bot.ContextTokens[contextToken] = new ContextTokenGrant(from, now);
            }
            var window = bot.Window(from);
            window.SentSinceInbound = 0;
            window.LastTokenIssuedAt = now;
            bot.Signal.Pulse();
        }
    }

    /// <summary>
    /// The WeixinMessage. Full shapes add what the real service sends besides: a session_id per user (opaque; its
    /// meaning is unknown, §14.14), group_id ("" for a direct chat) and delete_time_ms 0. Caller holds Sync.
    /// </summary>
    private static string Serialize(SimState state, BotAccount bot, long seq, ulong messageId, string from, long nowMs,
        string contextToken, string itemsJson, string? groupId)
    {
        var full = state.Options.FullShapes;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", seq);
            w.WriteNumber("message_id", messageId); // bare number above 2^53 (SIM-09)
            w.WriteString("from_user_id", from);
            w.WriteString("to_user_id", bot.BotId);
            w.WriteNumber("create_time_ms", nowMs);
            w.WriteNumber("update_time_ms", nowMs);
            if (full) w.WriteNumber("delete_time_ms", 0);
            w.WriteString("session_id", full ? bot.SessionWith(from) : "");
            if (full || !string.IsNullOrEmpty(groupId)) w.WriteString("group_id", groupId ?? "");
            w.WriteNumber("message_type", 1);
            w.WriteNumber("message_state", 2);
            w.WriteString("context_token", contextToken);
            w.WritePropertyName("item_list");
            w.WriteRawValue(itemsJson, skipInputValidation: true);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
