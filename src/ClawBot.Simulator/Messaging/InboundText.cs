using System.Globalization;
using System.Text.Json;

namespace ClawBot.Simulator.Messaging;

/// <summary>Text items and quotes of inbound messages.</summary>
public static class InboundText
{
    public static void Write(Utf8JsonWriter w, string text, string? quoteSvrId, long nowMs, ulong msgId)
    {
        w.WriteStartObject();
        w.WriteNumber("type", 1);
        w.WriteNumber("create_time_ms", nowMs);
        w.WriteNumber("update_time_ms", nowMs);
        w.WriteBoolean("is_completed", true);
        w.WriteNumber("msg_id", msgId);
        if (quoteSvrId != null) WriteQuote(w, quoteSvrId);
        w.WriteStartObject("text_item");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A quote carrying only svr_id, as newer WeChat versions send (PROTOCOL.md §5.3); a bare uint64 number.</summary>
    public static void WriteQuote(Utf8JsonWriter w, string svrId)
    {
        w.WriteStartObject("ref_msg");
        if (ulong.TryParse(svrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) w.WriteNumber("svr_id", id);
        else w.WriteString("svr_id", svrId);
        w.WriteEndObject();
    }
}
