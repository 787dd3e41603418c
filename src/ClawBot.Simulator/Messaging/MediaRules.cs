using System.Text.Json.Nodes;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// Strict mode's rules for a sent media item (PROTOCOL.md §7.3 step 3), which both clients follow but whose
/// enforcement by the service is unknown: encrypt_type 1, the ciphertext size in mid_size or video_size, a file's
/// len, and an item of the kind its getuploadurl announced (media_type 1 IMAGE, 2 VIDEO, 3 FILE, 4 VOICE).
/// </summary>
public static class MediaRules
{
    /// <returns>The errmsg, or null when the item keeps every rule.</returns>
    public static string? Check(SimState state, int type, JsonObject sub, SentMedia media)
    {
        var name = SentItemParser.ItemName(type);
        if (JsonIn.Int(sub["media"]?["encrypt_type"]) != 1) return $"{name}.media.encrypt_type must be 1";

        switch (type)
        {
            case 2 when JsonIn.Long(sub["mid_size"]) != media.CipherLength:
                return $"image_item.mid_size must be the ciphertext size, {media.CipherLength}";
            case 5 when JsonIn.Long(sub["video_size"]) != media.CipherLength:
                return $"video_item.video_size must be the ciphertext size, {media.CipherLength}";
            case 4 when sub["len"] is null:
                return "file_item.len (the plaintext size) is required";
        }

        if (media.Upload is { } upload)
        {
            if (upload.Thumbnail) return $"{name}.media is a thumbnail upload (thumb_upload_param), not the file";
            var expected = type switch { 2 => 1, 5 => 2, 4 => 3, _ => 4 };
            if (upload.MediaType != expected)
                return $"{name} refers to a file uploaded as media_type {upload.MediaType} ({MediaTypeName(upload.MediaType)}); a {name} needs media_type {expected}";
        }

        // A thumbnail, when one is sent (images and videos), must be one: uploaded with thumb_upload_param, sized right.
        if (type is 2 or 5 && sub["thumb_media"] is JsonObject thumbMedia)
        {
            var (thumb, error) = SentMediaReader.Read(state, thumbMedia, type == 2 ? JsonIn.Str(sub["aeskey"]) : null, "thumb_media");
            if (error != null) return $"{name}.{error}";
            if (thumb!.Upload is { Thumbnail: false }) return $"{name}.thumb_media is not a thumbnail upload (thumb_upload_param)";
            if (JsonIn.Long(sub["thumb_size"]) != thumb.CipherLength) return $"{name}.thumb_size must be the thumbnail's ciphertext size, {thumb.CipherLength}";
        }
        return null;
    }

    private static string MediaTypeName(int mediaType) => mediaType switch { 1 => "IMAGE", 2 => "VIDEO", 3 => "FILE", 4 => "VOICE", _ => "?" };
}
