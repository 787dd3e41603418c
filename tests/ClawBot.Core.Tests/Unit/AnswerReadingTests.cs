using System.Net;
using System.Text;
using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>
/// HttpExchange reads an answer straight from the connection (issue 16): with and without an announced length, within
/// the bound, and a connection that ends early is a transport failure, never a short answer taken for a whole one.
/// Also: endpoint URLs are cached per base URL, so changing the options' base between calls is followed.
/// </summary>
public sealed class AnswerReadingTests
{
    private const string Sent = "{\"ret\":0,\"message_id\":\"7360001234567890123\"}";

    private static ILinkClient Client(ScriptedHandler handler, ILinkClientOptions? options = null) => new(options ?? Options(), SharedHttp.Create(handler));

    private static ILinkClientOptions Options() => new()
    {
        BaseUrl = new Uri("http://api.test/"),
        BotToken = "t",
        ChunkGap = TimeSpan.Zero,
        Retry = new RetryOptions { MaxAttempts = 1 },
    };

    [Fact]
    public async Task An_answer_without_a_length_is_read_whole()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(Sent))) });
        var result = await Client(handler).SendTextAsync("u@im.wechat", "ctx", "hi", CancellationToken.None);
        Assert.Equal("7360001234567890123", result.MessageIds.Single());
    }

    [Fact]
    public async Task An_answer_without_a_length_over_the_bound_fails_as_a_core_error()
    {
        var big = new byte[SharedHttp.MaxAnswerBytes + 1];
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnknownLengthStream(big)) });
        var ex = await Assert.ThrowsAnyAsync<ClawBotException>(() => Client(handler).SendTextAsync("u@im.wechat", "ctx", "hi", CancellationToken.None));
        Assert.Equal("sendmessage", ex.Operation);
    }

    [Fact]
    public async Task An_answer_cut_short_of_its_announced_length_is_a_transport_failure()
    {
        var handler = new ScriptedHandler(_ =>
        {
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Sent)));
            content.Headers.ContentLength = Sent.Length + 10;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        var ex = await Assert.ThrowsAsync<TransportException>(() => Client(handler).SendTextAsync("u@im.wechat", "ctx", "hi", CancellationToken.None));
        Assert.Equal("sendmessage", ex.Operation);
    }

    [Fact]
    public async Task A_changed_base_url_is_followed_by_the_next_call()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(Sent));
        var options = Options();
        var client = Client(handler, options);
        await client.SendTextAsync("u@im.wechat", "ctx", "one", CancellationToken.None);
        options.BaseUrl = new Uri("http://other.test/tenant/");
        await client.SendTextAsync("u@im.wechat", "ctx", "two", CancellationToken.None);
        Assert.Equal(
            ["http://api.test/ilink/bot/sendmessage", "http://other.test/tenant/ilink/bot/sendmessage"],
            handler.Requests.Select(r => r.Uri.ToString()).ToArray());
    }

    // A stream that cannot tell its length, as a chunked answer's.
    private sealed class UnknownLengthStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
