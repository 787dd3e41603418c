using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Api.Wire;

/// <summary>
/// Reads <c>getupdates</c>' <c>msgs</c> straight into <see cref="InboundMessage"/>s: no <see cref="WeixinMessage"/>,
/// item list or <see cref="TextItem"/> is built for a message that is thrown away at once, and the fields nothing
/// keeps are skipped unread. Receiving is the hot path (hundreds of messages an answer), so a text message costs its
/// <see cref="InboundMessage"/> and its strings; media items and quotes, rare and rich, go through the wire types.
/// Null messages and items are dropped; the rules for values are <see cref="WireJson"/>'s (see <see cref="JsonValues"/>).
/// </summary>
internal sealed class InboundBatchConverter : JsonConverter<List<InboundMessage>?>
{
    public override List<InboundMessage>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        JsonValues.Expect(ref reader, JsonTokenType.StartArray);

        var messages = new List<InboundMessage>();
        var builder = new InboundMessageBuilder();
        var seen = new SeenStrings();
        while (true)
        {
            JsonValues.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return messages;
            if (reader.TokenType == JsonTokenType.Null) continue;
            messages.Add(ReadMessage(ref reader, builder, ref seen));
        }
    }

    public override void Write(Utf8JsonWriter writer, List<InboundMessage>? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("inbound messages are only read");

    private static InboundMessage ReadMessage(ref Utf8JsonReader reader, InboundMessageBuilder builder, ref SeenStrings seen)
    {
        JsonValues.Expect(ref reader, JsonTokenType.StartObject);
        var header = new InboundHeader();
        builder.ClearItems();
        while (true)
        {
            JsonValues.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return builder.Build(header);
            if (reader.ValueTextEquals("seq"u8)) { JsonValues.Next(ref reader); header.Seq = JsonValues.ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("message_id"u8)) { JsonValues.Next(ref reader); header.MessageId = JsonValues.ReadId(ref reader); }
            else if (reader.ValueTextEquals("from_user_id"u8)) { JsonValues.Next(ref reader); header.FromUserId = JsonValues.ReadString(ref reader, ref seen.From); }
            else if (reader.ValueTextEquals("to_user_id"u8)) { JsonValues.Next(ref reader); header.ToUserId = JsonValues.ReadString(ref reader, ref seen.To); }
            else if (reader.ValueTextEquals("create_time_ms"u8)) { JsonValues.Next(ref reader); header.CreateTimeMs = JsonValues.ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("session_id"u8)) { JsonValues.Next(ref reader); header.SessionId = JsonValues.ReadString(ref reader, ref seen.Session); }
            else if (reader.ValueTextEquals("group_id"u8)) { JsonValues.Next(ref reader); header.GroupId = JsonValues.ReadString(ref reader, ref seen.Group); }
            else if (reader.ValueTextEquals("context_token"u8)) { JsonValues.Next(ref reader); header.ContextToken = JsonValues.ReadString(ref reader); }
            else if (reader.ValueTextEquals("item_list"u8)) { JsonValues.Next(ref reader); ReadItems(ref reader, builder); }
            else { JsonValues.Next(ref reader); JsonValues.Skip(ref reader); }
        }
    }

    private static void ReadItems(ref Utf8JsonReader reader, InboundMessageBuilder builder)
    {
        // A repeated item_list replaces the first, as the last value of any repeated key does.
        builder.ClearItems();
        if (reader.TokenType == JsonTokenType.Null) return;
        JsonValues.Expect(ref reader, JsonTokenType.StartArray);
        while (true)
        {
            JsonValues.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return;
            if (reader.TokenType == JsonTokenType.Null) continue;
            var item = ReadItem(ref reader);
            builder.Add(item);
        }
    }

    private static InboundItem ReadItem(ref Utf8JsonReader reader)
    {
        JsonValues.Expect(ref reader, JsonTokenType.StartObject);
        var item = new InboundItem();
        while (true)
        {
            JsonValues.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return item;
            if (reader.ValueTextEquals("type"u8)) { JsonValues.Next(ref reader); item.Type = JsonValues.ReadInt32(ref reader); }
            else if (reader.ValueTextEquals("msg_id"u8)) { JsonValues.Next(ref reader); item.MsgId = ReadItemId(ref reader); }
            else if (reader.ValueTextEquals("text_item"u8)) { JsonValues.Next(ref reader); item.Text = ReadTextItem(ref reader); }
            else if (reader.ValueTextEquals("ref_msg"u8)) { JsonValues.Next(ref reader); item.RefMsg = ReadWire(ref reader, WireJson.Default.RefMessage); }
            else if (reader.ValueTextEquals("image_item"u8)) { JsonValues.Next(ref reader); item.ImageItem = ReadWire(ref reader, WireJson.Default.ImageItem); }
            else if (reader.ValueTextEquals("voice_item"u8)) { JsonValues.Next(ref reader); item.VoiceItem = ReadWire(ref reader, WireJson.Default.VoiceItem); }
            else if (reader.ValueTextEquals("file_item"u8)) { JsonValues.Next(ref reader); item.FileItem = ReadWire(ref reader, WireJson.Default.FileItem); }
            else if (reader.ValueTextEquals("video_item"u8)) { JsonValues.Next(ref reader); item.VideoItem = ReadWire(ref reader, WireJson.Default.VideoItem); }
            else { JsonValues.Next(ref reader); JsonValues.Skip(ref reader); }
        }
    }

    /// <summary>A media item or quote through its wire type.</summary>
    private static T? ReadWire<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> info) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, info);
        }
        catch (JsonException)
        {
            // The nested call counts lines and bytes from the start of the sub-object; a fresh exception gets the
            // position in the whole answer from the outer deserialiser, which is what the error reports.
            throw new JsonException("invalid " + typeof(T).Name);
        }
    }

    // An item's msg_id matters only as a stand-in for a missing message_id, and the usual "0" needs no string.
    private static string? ReadItemId(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual("0"u8) ? "0" : JsonValues.ReadId(ref reader);

    /// <summary><c>text_item</c>: only its <c>text</c> is kept.</summary>
    private static string? ReadTextItem(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        JsonValues.Expect(ref reader, JsonTokenType.StartObject);
        string? text = null;
        while (true)
        {
            JsonValues.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return text;
            var isText = reader.ValueTextEquals("text"u8);
            JsonValues.Next(ref reader);
            if (isText) text = JsonValues.ReadString(ref reader);
            else JsonValues.Skip(ref reader);
        }
    }

    /// <summary>The ids seen last in this batch: every message repeats the bot's, and a burst the sender's.</summary>
    private struct SeenStrings
    {
        public string? From, To, Session, Group;
    }
}
