using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>
/// getuploadurl (SIM-15): checks the sizes, key and file key, remembers them for the CDN upload, and returns
/// upload_param (plus upload_full_url when configured). Oversize files get ret -2 (an assumption, PROTOCOL.md §14.9).
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

        string? error =
            string.IsNullOrEmpty(fileKey) ? "filekey is required"
            : rawSize is not >= 0 ? "rawsize is required"
            : fileSize is null ? "filesize is required"
            : fileSize != AesEcb.CipherSize(rawSize.Value) ? $"filesize must be (rawsize/16+1)*16 = {AesEcb.CipherSize(rawSize.Value)}"
            : !KeyCodec.IsHex32(aesKey) ? "aeskey must be 32 hex digits"
            : !KeyCodec.IsHex32(rawMd5) ? "rawfilemd5 must be 32 hex digits"
            : mediaType is < 1 or > 4 ? "media_type must be 1..4"
            : rawSize > state.Options.MaxFileBytes ? $"file too large: limit {state.Options.MaxFileBytes} bytes"
            : null;
        if (error != null)
        {
            await ApiReply.BadParamAsync(req.Http, error);
            return;
        }

        var upload = new PendingUpload(Ids.Opaque(36), fileKey!, Convert.FromHexString(aesKey!), rawSize!.Value, rawMd5!,
            fileSize!.Value, mediaType, req.RequireBot.BotId);
        state.Cdn.AddUpload(upload);
        var fullUrl = state.Options.ReturnUploadFullUrl
            ? new Uri(state.CdnBase, $"upload?encrypted_query_param={Uri.EscapeDataString(upload.UploadParam)}&filekey={Uri.EscapeDataString(fileKey!)}").ToString()
            : null;
        await ApiReply.WriteAsync(req.Http, w =>
        {
            w.WriteNumber("ret", 0);
            w.WriteString("upload_param", upload.UploadParam);
            w.WriteString("thumb_upload_param", "");
            if (fullUrl != null) w.WriteString("upload_full_url", fullUrl);
        });
    }
}
