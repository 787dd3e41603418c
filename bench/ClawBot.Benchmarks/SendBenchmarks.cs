using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ClawBot.Core.Api;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;

namespace ClawBot.Benchmarks;

/// <summary>
/// The client's own cost of one <c>sendmessage</c> (no network: a canned handler answers), and its pieces, against the
/// floor's: what the end-to-end send bench cannot separate from the server and the socket.
/// </summary>
public class SendBenchmarks
{
    private static readonly byte[] Answer = "{\"ret\":0,\"message_id\":\"7360001234567890123\"}"u8.ToArray();
    private ILinkClient _client = null!;
    private HttpClient _floorHttp = null!;
    private readonly Uri _url = new("http://127.0.0.1:1/ilink/bot/sendmessage");
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _client = new ILinkClient(new ILinkClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/"), BotToken = "bot-token", ChunkGap = TimeSpan.Zero },
            new HttpClient(new CannedHandler()));
        _floorHttp = new HttpClient(new CannedHandler());
    }

    [Benchmark(Description = "SendTextAsync, canned HTTP (whole client)")]
    public object SendText() =>
        _client.SendTextAsync("o9xAbC123@im.wechat", "ctx-token", "bench " + _i++, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Floor: Utf8JsonWriter body + headers + SendAsync, canned HTTP")]
    public int FloorSend()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("msg");
            w.WriteString("to_user_id", "o9xAbC123@im.wechat");
            w.WriteString("client_id", "bench-" + Guid.NewGuid().ToString("N"));
            w.WriteNumber("message_type", 2);
            w.WriteNumber("message_state", 2);
            w.WriteString("context_token", "ctx-token");
            w.WriteStartArray("item_list");
            w.WriteStartObject();
            w.WriteNumber("type", 1);
            w.WriteStartObject("text_item");
            w.WriteString("text", "bench " + _i++);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(buffer.WrittenSpan.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer bot-token");
        request.Headers.TryAddWithoutValidation("AuthorizationType", "ilink_bot_token");
        using var response = _floorHttp.SendAsync(request).GetAwaiter().GetResult();
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
    }

    [Benchmark(Description = "piece: TextChunker.Split, short text")]
    public IReadOnlyList<string> Chunk() => TextChunker.Split("bench 12345", 1000);

    [Benchmark(Description = "piece: ClientIds.New")]
    public string ClientId() => ClientIds.New();

    [Benchmark(Description = "piece: WireHeaders.NewUin")]
    public string Uin() => WireHeaders.NewUin();

    [Benchmark(Description = "piece: BotAgent.Sanitize")]
    public string Agent() => BotAgent.Sanitize("ClawBot/0.1.0 (PowerShell 7.6.9)");

    [Benchmark(Description = "piece: UrlJoin.Combine")]
    public Uri Url() => UrlJoin.Combine(new Uri("http://127.0.0.1:1/"), "ilink/bot/sendmessage");

    [Benchmark(Description = "piece: serialise SendMessageRequest (source-generated)")]
    public byte[] Serialise() => JsonSerializer.SerializeToUtf8Bytes(new SendMessageRequest
    {
        Msg = new WeixinMessage
        {
            FromUserId = "",
            ToUserId = "o9xAbC123@im.wechat",
            ClientId = "openclaw-weixin:1781234567890-3fa9c2d1",
            MessageType = 2,
            MessageState = 2,
            ContextToken = "ctx-token",
            ItemList = [new MessageItem { Type = ItemType.Text, TextItem = new TextItem { Text = "bench 1" } }],
        },
        BaseInfo = new BaseInfo { ChannelVersion = "2.4.9", BotAgent = "ClawBot/0.1.0" },
    }, WireJson.Default.SendMessageRequest);

    [Benchmark(Description = "piece: parse the answer")]
    public object Parse() => ApiCaller.Parse("sendmessage", Answer, WireJson.Default.SendMessageResponse);

    [Benchmark(Description = "piece: linked CTS + CancelAfter")]
    public bool Timeout()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        cts.CancelAfter(TimeSpan.FromSeconds(15));
        return cts.IsCancellationRequested;
    }

    private sealed class CannedHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Answer), RequestMessage = request };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response.Headers.TryAddWithoutValidation("Date", "Wed, 02 Dec 2026 08:00:00 GMT");
            response.Headers.TryAddWithoutValidation("Server", "Kestrel");
            return Task.FromResult(response);
        }
    }
}
