using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Messaging;

/// <summary>Turns one outbound MessageItem into a <see cref="SimSentMessage"/>, decrypting media (SIM-12, SIM-14).</summary>
public static class SentItemParser
{
    public static (SimSentMessage? Sent, Refusal? Error) Parse(SimState state, JsonObject? item)
    {
        if (item == null) return (null, Refusal.Always("item_list holds a non-object"));
        var strict = state.Options.Strict;
        var type = JsonIn.Int(item["type"]);
        var sent = new SimSentMessage { ItemType = type ?? 0 };
        switch (type)
        {
            case 1:
                var text = JsonIn.Str(item["text_item"]?["text"]);
                if (text == null) return (null, Refusal.Always("text item without text_item.text"));
                // The official client sends no item at all for empty text (§6.1); what the service does with "" is unknown.
                if (strict && text.Length == 0) return (null, Refusal.StrictRule("text_item.text is empty (send no message instead)"));
                sent.Text = text;
                return (sent, null);
            case 2:
            case 3:
            case 4:
            case 5:
                var sub = item[ItemName(type.Value)] as JsonObject;
                if (sub == null) return (null, Refusal.Always("media item without its *_item object"));
                var (media, error) = SentMediaReader.Read(state, sub["media"] as JsonObject, type == 2 ? JsonIn.Str(sub["aeskey"]) : null);
                if (error != null) return (null, Refusal.Always(error));
                sent.FileContent = media!.Content;
                sent.AesKey = JsonIn.Str(sub["media"]?["aes_key"]);
                sent.DownloadParam = JsonIn.Str(sub["media"]?["encrypt_query_param"]);
                sent.FileName = JsonIn.Str(sub["file_name"]);
                if (type == 4 && JsonIn.Long(sub["len"]) is { } len && len != media.Content.LongLength)
                    return (null, Refusal.Always($"file_item.len is {len} but the file has {media.Content.LongLength} bytes"));
                var strictError = strict ? MediaRules.Check(state, type.Value, sub, media) : null;
                if (strictError != null) return (null, Refusal.StrictRule(strictError));
                return (sent, null);
            case 11:
            case 12:
                // Tool-call progress items (2.4.4+): record the tool name as the text.
                var tool = item[type == 11 ? "tool_call_start_item" : "tool_call_result_item"] as JsonObject;
                sent.Text = JsonIn.Str(tool?["tool_name"]);
                return (sent, null);
            default:
                return (null, Refusal.Always($"unknown item type {JsonIn.Str(item["type"]) ?? "(none)"}"));
        }
    }

    public static string ItemName(int type) => type switch { 2 => "image_item", 3 => "voice_item", 4 => "file_item", _ => "video_item" };
}
