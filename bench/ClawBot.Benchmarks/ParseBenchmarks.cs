using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using ClawBot.Core.Api;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Messaging;
using ClawBot.Simulator;

namespace ClawBot.Benchmarks;

/// <summary>
/// A real <c>getupdates</c> answer of 100 text messages (captured from the simulator, so every field the service sends
/// is there) parsed the way <c>ILinkClient.GetUpdatesAsync</c> does. Every figure is per message (OperationsPerInvoke
/// = 100). <c>Floor</c> allocates only what the target allows: the message object and its strings; the baseline is the
/// plain way, wire objects (<c>WeixinMessage</c> and its items) then the same builder, which the client used before.
/// </summary>
public class ParseBenchmarks
{
    private const int Batch = 100;
    private byte[] _body = [];
    private (string Id, string From, string To, string Text, string Token)[] _fields = [];
    private ILinkClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = CaptureBatchAsync().GetAwaiter().GetResult();
        var messages = Direct();
        if (messages.Count != Batch) throw new InvalidOperationException($"captured {messages.Count} messages, not {Batch}");
        _fields = messages.Select(m => (m.MessageId, m.FromUserId, m.ToUserId, m.Text, m.ContextToken!)).ToArray();
        _client = new ILinkClient(new ILinkClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/"), BotToken = "t" },
            new HttpClient(new CannedHandler(_body)));
        Console.WriteLine($"// getupdates body: {_body.Length} bytes for {Batch} messages");
    }

    /// <summary>What GetUpdatesAsync does with the body: read the messages straight from the JSON.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "Direct read (per message)")]
    public List<InboundMessage> Direct() => ApiCaller.Parse("getupdates", _body, WireJson.Default.GetUpdatesResponse).Msgs!;

    /// <summary>The plain way: deserialise the wire objects, then feed them to the same builder.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Wire objects + builder (before)")]
    public List<InboundMessage> ThroughWireObjects()
    {
        var answer = ApiCaller.Parse("getupdates", _body, PlainJson.Default.PlainAnswer);
        var builder = new InboundMessageBuilder();
        var list = new List<InboundMessage>(answer.Msgs!.Count);
        foreach (var wire in answer.Msgs) list.Add(builder.Build(wire));
        return list;
    }

    /// <summary>The whole call through the client over a canned HTTP answer (request, headers, response, parse).</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "GetUpdatesAsync, canned HTTP")]
    public object ThroughClient() => _client.GetUpdatesAsync("", CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The target's floor: one InboundMessage and its five strings per message, nothing else.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "Floor: message object + its strings")]
    public List<InboundMessage> Floor()
    {
        var list = new List<InboundMessage>(Batch);
        foreach (var f in _fields)
        {
            list.Add(new InboundMessage
            {
                MessageId = new string(f.Id.AsSpan()),
                FromUserId = new string(f.From.AsSpan()),
                ToUserId = new string(f.To.AsSpan()),
                Text = new string(f.Text.AsSpan()),
                ContextToken = new string(f.Token.AsSpan()),
                CreatedAt = DateTimeOffset.UnixEpoch,
                Kind = MessageKind.Text,
            });
        }
        return list;
    }

    /// <summary>100 texts of 5 to ~120 chars, ASCII and CJK, from one user, fetched with one getupdates.</summary>
    private static async Task<byte[]> CaptureBatchAsync()
    {
        await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions { LongPollHold = TimeSpan.FromMilliseconds(100) });
        var bot = await sim.Control.CreateBotAsync();
        for (var i = 0; i < Batch; i++)
            await sim.Control.SendTextToBotAsync(bot.BotId, "o9xBench@im.wechat", SampleText(i));

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sim.BaseUrl, "ilink/bot/getupdates"))
        {
            Content = new StringContent("{\"get_updates_buf\":\"\",\"base_info\":{\"channel_version\":\"1.0.2\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bot.BotToken);
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsByteArrayAsync();
    }

    internal static string SampleText(int i)
    {
        string[] samples =
        [
            "ok", "backup finished at 03:12, 14.2 GiB", "今天的部署顺利完成，没有报错。", "ping", "磁盘使用率超过 90%，请尽快清理日志目录 /var/log/app",
            "Can you send me the monthly report as a PDF please? Thanks!", "收到👍", "restart web-01", "错误：连接数据库超时（30 秒）", "👀",
        ];
        var s = samples[i % samples.Length];
        return i % 3 == 0 ? s + " " + s : s;
    }

    private sealed class CannedHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        }
    }
}

/// <summary>getupdates read the plain way: the wire objects for every message.</summary>
internal sealed class PlainAnswer : ApiResult
{
    public List<WeixinMessage>? Msgs { get; set; }
    public string? GetUpdatesBuf { get; set; }
    public long? LongpollingTimeoutMs { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(PlainAnswer))]
internal sealed partial class PlainJson : JsonSerializerContext
{
}
