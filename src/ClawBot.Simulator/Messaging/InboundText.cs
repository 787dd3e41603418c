using System.Text.Json;

namespace ClawBot.Simulator.Messaging;

/// <summary>Text items of inbound messages.</summary>
public static class InboundText
{
    /// <param name="w">The writer, inside item_list.</param>
    /// <param name="text">The text.</param>
    /// <param name="refMsg">The item's ref_msg as JSON text (<see cref="InboundQuote"/>), or null.</param>
    /// <param name="nowMs">create_time_ms and update_time_ms.</param>
    /// <param name="msgId">The item's msg_id.</param>
    public static void Write(Utf8JsonWriter w, string text, string? refMsg, long nowMs, ulong msgId)
    {
        w.WriteStartObject();
        w.WriteNumber("type", 1);
        w.WriteNumber("create_time_ms", nowMs);
        w.WriteNumber("update_time_ms", nowMs);
        w.WriteBoolean("is_completed", true);
        w.WriteNumber("msg_id", msgId);
        WriteQuote(w, refMsg);
        w.WriteStartObject("text_item");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteQuote(Utf8JsonWriter w, string? refMsg)
    {
        if (refMsg == null) return;
        w.WritePropertyName("ref_msg");
        w.WriteRawValue(refMsg, skipInputValidation: true);
    }
}
