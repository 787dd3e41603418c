using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>
/// getuploadurl (SIM-15): checks the sizes, key and file key, remembers them for the CDN upload, and returns
/// upload_param (plus upload_full_url when configured). Oversize files get ret -2 (an assumption, PROTOCOL.md §14.9).
/// A request with thumb_rawsize, thumb_rawfilemd5 and thumb_filesize (and no_need_thumb not true) gets a
/// thumb_upload_param for the thumbnail, encrypted with the same aeskey.
/// </summary>
public static class GetUploadUrlEndpoint
{
    public static async Task HandleAsync(ApiRequest req)
    {
        var b = req.Body;
        var state = req.State;
        var fileKey = JsonIn.Str(b["filekey"]);
        var rawSize = JsonIn.Long(b["rawsize"]);
        var fileSize = JsonIn.Long(b["filesize"]);
        var rawMd5 = JsonIn.Str(b["rawfilemd5"])?.ToLowerInvariant();
        var aesKey = JsonIn.Str(b["aeskey"]);
        var mediaType = JsonIn.Int(b["media_type"]) ?? 3;
        var thumb = Thumb.Read(b);

        string? error =
            string.IsNullOrEmpty(fileKey) ? "filekey is required"
            : rawSize is not >= 0 ? "rawsize is required"
            : fileSize is null ? "filesize is required"
            : fileSize != AesEcb.CipherSize(rawSize.Value) ? $"filesize must be (rawsize/16+1)*16 = {AesEcb.CipherSize(rawSize.Value)}"
            : !KeyCodec.IsHex32(aesKey) ? "aeskey must be 32 hex digits"
            : !KeyCodec.IsHex32(rawMd5) ? "rawfilemd5 must be 32 hex digits"
            : mediaType is < 1 or > 4 ? "media_type must be 1..4"
            : rawSize > state.Options.MaxFileBytes ? $"file too large: limit {state.Options.MaxFileBytes} bytes"
            : thumb.Error;
        if (error != null)
        {
            await ApiReply.BadParamAsync(req.Http, error);
            return;
        }
        if (state.Options.Strict && StrictError(b, mediaType, thumb) is { } strictError)
        {
            await req.RefuseAsync(Refusal.StrictRule(strictError));
            return;
        }

        var botId = req.RequireBot.BotId;
        var key = Convert.FromHexString(aesKey!);
        var upload = new PendingUpload(state.Cdn.NewParam(), fileKey!, key, rawSize!.Value, rawMd5!, fileSize!.Value, mediaType, botId);
        state.Cdn.AddUpload(upload);
        PendingUpload? thumbUpload = null;
        if (thumb.Requested && JsonIn.Bool(b["no_need_thumb"]) != true)
        {
            thumbUpload = new PendingUpload(state.Cdn.NewParam(), fileKey!, key, thumb.RawSize!.Value, thumb.RawMd5!, thumb.FileSize!.Value,
                mediaType, botId, Thumbnail: true);
            state.Cdn.AddUpload(thumbUpload);
        }
        var fullUrl = state.Options.ReturnUploadFullUrl
            ? new Uri(state.CdnBase, $"upload?encrypted_query_param={Uri.EscapeDataString(upload.UploadParam)}&filekey={Uri.EscapeDataString(fileKey!)}").ToString()
            : null;
        await ApiReply.WriteAsync(req.Http, w =>
        {
            w.WriteNumber("ret", 0);
            w.WriteString("upload_param", upload.UploadParam);
            w.WriteString("thumb_upload_param", thumbUpload?.UploadParam ?? "");
            if (fullUrl != null) w.WriteString("upload_full_url", fullUrl);
        });
    }

    /// <summary>
    /// Strict (the service's rules are unknown, §14.11): to_user_id is given (both clients send it); either
    /// no_need_thumb is true (what both clients send) or a thumbnail is described, and only images and videos have one.
    /// </summary>
    private static string? StrictError(System.Text.Json.Nodes.JsonObject b, int mediaType, Thumb thumb)
    {
        if (string.IsNullOrWhiteSpace(JsonIn.Str(b["to_user_id"]))) return "to_user_id is required";
        var noNeedThumb = JsonIn.Bool(b["no_need_thumb"]);
        if (thumb.Requested)
        {
            if (noNeedThumb == true) return "no_need_thumb is true but thumb_rawsize, thumb_rawfilemd5 and thumb_filesize are given";
            if (mediaType is not (1 or 2)) return "a thumbnail is for media_type 1 (IMAGE) or 2 (VIDEO) only";
            return null;
        }
        return noNeedThumb == true ? null : "no_need_thumb must be true when no thumbnail (thumb_rawsize, thumb_rawfilemd5, thumb_filesize) is described";
    }

    /// <summary>The thumbnail fields: all absent, or all present and consistent (as the file's own are).</summary>
    private readonly record struct Thumb(bool Requested, long? RawSize, string? RawMd5, long? FileSize, string? Error)
    {
        public static Thumb Read(System.Text.Json.Nodes.JsonObject b)
        {
            var rawSize = JsonIn.Long(b["thumb_rawsize"]);
            var rawMd5 = JsonIn.Str(b["thumb_rawfilemd5"])?.ToLowerInvariant();
            var fileSize = JsonIn.Long(b["thumb_filesize"]);
            if (rawSize is null && string.IsNullOrEmpty(rawMd5) && fileSize is null) return default;
            string? error =
                rawSize is not >= 0 ? "thumb_rawsize is required with a thumbnail"
                : fileSize != AesEcb.CipherSize(rawSize.Value) ? $"thumb_filesize must be (thumb_rawsize/16+1)*16 = {AesEcb.CipherSize(rawSize.Value)}"
                : !KeyCodec.IsHex32(rawMd5) ? "thumb_rawfilemd5 must be 32 hex digits"
                : null;
            return new Thumb(true, rawSize, rawMd5, fileSize, error);
        }
    }
}
