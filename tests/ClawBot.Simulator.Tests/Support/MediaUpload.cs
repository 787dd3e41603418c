using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ClawBot.Simulator.Tests.Support;

/// <summary>The §7.3 upload steps, written from PROTOCOL.md: getuploadurl, CDN POST, and the media object to send.</summary>
public static class MediaUpload
{
    public sealed record Prepared(byte[] Key, string FileKey, byte[] Cipher, JsonObject Request);

    public static Prepared Prepare(byte[] plain, string to, int mediaType = 3)
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var fileKey = Crypto.Hex(RandomNumberGenerator.GetBytes(16));
        var cipher = Crypto.Encrypt(plain, key);
        var request = new JsonObject
        {
            ["filekey"] = fileKey, ["media_type"] = mediaType, ["to_user_id"] = to, ["rawsize"] = plain.Length,
            ["rawfilemd5"] = Crypto.Md5Hex(plain), ["filesize"] = cipher.Length, ["no_need_thumb"] = true, ["aeskey"] = Crypto.Hex(key),
        };
        return new Prepared(key, fileKey, cipher, request);
    }

    public static Uri UploadUrl(Uri cdnBase, string uploadParam, string fileKey) =>
        new(cdnBase.ToString().TrimEnd('/') + "/upload?encrypted_query_param=" + Uri.EscapeDataString(uploadParam) + "&filekey=" + Uri.EscapeDataString(fileKey));

    public static async Task<HttpResponseMessage> PostCdnAsync(HttpClient http, Uri url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/octet-stream");
        return await http.PostAsync(url, content);
    }

    /// <summary>Uploads and returns (download param, base64-of-hex aes_key) for the send.</summary>
    public static async Task<(string DownloadParam, string AesKey)> UploadAsync(WireClient api, HttpClient cdn, Uri cdnBase, byte[] plain, string to, int mediaType = 3)
    {
        var p = Prepare(plain, to, mediaType);
        var (_, json, text) = await api.PostAsync("getuploadurl", p.Request);
        var param = json!["upload_param"]?.GetValue<string>() ?? throw new InvalidOperationException(text);
        using var response = await PostCdnAsync(cdn, UploadUrl(cdnBase, param, p.FileKey), p.Cipher);
        var download = response.Headers.GetValues("x-encrypted-param").Single();
        return (download, Convert.ToBase64String(Encoding.ASCII.GetBytes(Crypto.Hex(p.Key))));
    }
}
