using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ClawBot.Core.Api;
using ClawBot.Core.Cdn;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>PROTOCOL.md §7.3 at the HTTP handler: the getuploadurl body, the built CDN URL, and a header-free CDN call.</summary>
public sealed class UploadWireTests
{
    [Fact]
    public async Task Getuploadurl_body_and_cdn_request_follow_the_protocol()
    {
        var handler = new ScriptedHandler(r =>
        {
            if (r.Uri.AbsolutePath.EndsWith("/getuploadurl")) return ScriptedHandler.Json("{\"ret\":0,\"upload_param\":\"a/b+c=\"}");
            var ok = new HttpResponseMessage(HttpStatusCode.OK);
            ok.Headers.TryAddWithoutValidation("x-encrypted-param", "DOWNLOAD-PARAM");
            return ok;
        });
        var client = new ILinkClient(new ILinkClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            CdnBaseUrl = new Uri("http://127.0.0.1:9/c2c"),
            BotToken = "tok",
        }, new HttpClient(handler));

        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = dir.Combine("photo.JPG");
        var data = new byte[1000];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(path, data);

        var media = await client.UploadFileAsync("u@im.wechat", path, OutboundMediaKind.Auto, null, CancellationToken.None);
        Assert.Equal(OutboundMediaKind.Image, media.Kind);
        Assert.Equal("DOWNLOAD-PARAM", media.DownloadParam);
        Assert.Equal(Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant(), media.RawMd5);

        var (ask, cdn) = (handler.Requests.ElementAt(0), handler.Requests.ElementAt(1));
        using var body = JsonDocument.Parse(ask.Body);
        var root = body.RootElement;
        Assert.Equal(1, root.GetProperty("media_type").GetInt32());
        Assert.Equal(1000, root.GetProperty("rawsize").GetInt64());
        Assert.Equal(1008, root.GetProperty("filesize").GetInt64());
        Assert.Equal(media.RawMd5, root.GetProperty("rawfilemd5").GetString());
        Assert.True(root.GetProperty("no_need_thumb").GetBoolean());
        Assert.Equal(AesKeyCodec.ToHex(media.AesKey), root.GetProperty("aeskey").GetString());
        var fileKey = root.GetProperty("filekey").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", fileKey);
        Assert.Equal("u@im.wechat", root.GetProperty("to_user_id").GetString());

        Assert.Equal("POST", cdn.Method);
        Assert.Equal($"http://127.0.0.1:9/c2c/upload?encrypted_query_param=a%2Fb%2Bc%3D&filekey={fileKey}", cdn.Uri.AbsoluteUri);
        Assert.Equal("application/octet-stream", cdn.ContentType);
        Assert.Equal(1008, cdn.ContentLength);
        Assert.Equal(data, AesEcb.Decrypt(cdn.Body, media.AesKey));
        foreach (var header in new[] { "Authorization", "AuthorizationType", "X-WECHAT-UIN", "iLink-App-Id", "iLink-App-ClientVersion" })
            Assert.False(cdn.Headers.ContainsKey(header), header);
    }

    [Theory]
    [InlineData("a.png", OutboundMediaKind.Image)]
    [InlineData("a.MOV", OutboundMediaKind.Video)]
    [InlineData("a.pdf", OutboundMediaKind.File)]
    [InlineData("noext", OutboundMediaKind.File)]
    [InlineData("a.mp3", OutboundMediaKind.File)]
    public void Auto_routes_by_mime(string name, OutboundMediaKind expected) =>
        Assert.Equal(expected, MimeTypes.Resolve(OutboundMediaKind.Auto, name));
}
