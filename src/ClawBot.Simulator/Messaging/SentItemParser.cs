using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Messaging;

/// <summary>Turns one outbound MessageItem into a <see cref="SimSentMessage"/>, decrypting media (SIM-12, SIM-14).</summary>
public static class SentItemParser
{
    public static (SimSentMessage? Sent, string? Error) Parse(SimState state, JsonObject? item)
    {
        if (item == null) return (null, "item_list holds a non-object");
        var type = JsonIn.Int(item["type"]);
        var sent = new SimSentMessage { ItemType = type ?? 0 };
        switch (type)
        {
            case 1:
                var text = JsonIn.Str(item["text_item"]?["text"]);
                if (text == null) return (null, "text item without text_item.text");
                sent.Text = text;
                return (sent, null);
            case 2:
            case 3:
            case 4:
            case 5:
                var sub = item[type switch { 2 => "image_item", 3 => "voice_item", 4 => "file_item", _ => "video_item" }] as JsonObject;
                var (content, error) = SentMediaReader.Read(state, sub);
                if (error != null) return (null, error);
                sent.FileContent = content;
                sent.AesKey = JsonIn.Str(sub!["media"]?["aes_key"]);
                sent.DownloadParam = JsonIn.Str(sub["media"]?["encrypt_query_param"]);
                sent.FileName = JsonIn.Str(sub!["file_name"]);
                if (type == 4 && JsonIn.Long(sub["len"]) is { } len && len != content!.LongLength)
                    return (null, $"file_item.len is {len} but the file has {content.LongLength} bytes");
                return (sent, null);
            case 11:
            case 12:
                // Tool-call progress items (2.4.4+): record the tool name as the text.
                var tool = item[type == 11 ? "tool_call_start_item" : "tool_call_result_item"] as JsonObject;
                sent.Text = JsonIn.Str(tool?["tool_name"]);
                return (sent, null);
            default:
                return (null, $"unknown item type {JsonIn.Str(item["type"]) ?? "(none)"}");
        }
    }
}
