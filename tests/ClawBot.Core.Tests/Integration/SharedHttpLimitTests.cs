using System.Net;
using System.Text;
using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Integration;

/// <summary>Buffered API answers are bounded; streamed CDN downloads are not affected by that bound.</summary>
public sealed class SharedHttpLimitTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_shared_client_buffers_at_most_32_MiB_of_an_answer() =>
        Assert.Equal(32 * MiB, SharedHttp.Client.MaxResponseContentBufferSize);

    private static ILinkClient ClientOver(ScriptedHandler handler, RecordingLog? log = null) => new(new ILinkClientOptions
    {
        BaseUrl = new Uri("http://api.test/"),
        CdnBaseUrl = new Uri("http://cdn.test/"),
        BotToken = "t",
        Log = log,
        Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) },
    }, SharedHttp.Create(handler));

    // Today this is a TransportException ("network error", retried): HttpExchange.Translate does not yet tell the
    // buffer limit (HttpRequestException, HttpRequestError.ConfigurationLimitExceeded) from a network failure.
    [Fact]
    public async Task An_api_answer_over_the_limit_fails_as_a_core_error()
    {
        // A valid JSON answer of 33 MiB: a padded errmsg.
        var json = "{\"ret\":0,\"errmsg\":\"" + new string('a', (int)(33 * MiB)) + "\"}";
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        var ex = await Assert.ThrowsAnyAsync<ClawBotException>(() => ClientOver(handler).GetTypingTicketAsync("u@im.wechat", null, CancellationToken.None));
        Assert.Equal("getconfig", ex.Operation);
    }

    [Fact]
    public async Task A_cdn_download_over_the_limit_still_streams()
    {
        var size = (int)(33 * MiB);
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[size]) });
        var image = new MediaAttachment { Kind = AttachmentKind.Image, Size = size, Media = new CdnMediaReference { EncryptQueryParam = "p" } };
        Assert.Equal(size, await ClientOver(handler).DownloadAttachmentAsync(image, Stream.Null, null, CancellationToken.None));
    }
}
