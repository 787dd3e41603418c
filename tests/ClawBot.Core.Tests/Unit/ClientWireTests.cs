using System.Net;
using System.Text;
using System.Text.Json;
using ClawBot.Core.Api;
using ClawBot.Core.Auth;
using ClawBot.Core.Errors;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>PROTOCOL.md §2: headers, base_info, URL joining and body framing, observed at the HTTP handler.</summary>
public sealed class ClientWireTests
{
    private static (ILinkClient Client, ScriptedHandler Handler, RecordingLog Log) Client(Func<RecordedRequest, HttpResponseMessage> respond, Action<ILinkClientOptions>? configure = null)
    {
        var handler = new ScriptedHandler(respond);
        var log = new RecordingLog();
        var options = new ILinkClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/prefix/api"),
            CdnBaseUrl = new Uri("http://127.0.0.1:9/c2c"),
            BotToken = " secret-token ",
            BotAgent = "ClawBot/0.1.0 (PowerShell 7.5) bad token/Ω (ok comment) Other/1.2+x",
            Log = log,
            ChunkGap = TimeSpan.Zero,
            Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
        };
        configure?.Invoke(options);
        return (new ILinkClient(options, new HttpClient(handler)), handler, log);
    }

    [Fact]
    public async Task Posts_carry_the_protocol_headers_and_base_info()
    {
        var (client, handler, _) = Client(_ => ScriptedHandler.Json("{\"ret\":0}"));
        await client.NotifyStartAsync(CancellationToken.None);
        await client.NotifyStopAsync(CancellationToken.None);

        var requests = handler.Requests.ToArray();
        Assert.Equal("http://127.0.0.1:9/prefix/api/ilink/bot/msg/notifystart", requests[0].Uri.ToString());
        Assert.Equal("/prefix/api/ilink/bot/msg/notifystop", requests[1].Uri.AbsolutePath);
        foreach (var r in requests)
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("application/json", r.ContentType);
            Assert.Equal("ilink_bot_token", r.Headers["AuthorizationType"]);
            Assert.Equal("Bearer secret-token", r.Headers["Authorization"]);
            Assert.Equal("bot", r.Headers["iLink-App-Id"]);
            Assert.Equal("132105", r.Headers["iLink-App-ClientVersion"]);
            Assert.False(r.Headers.ContainsKey("User-Agent"));
            var uin = Encoding.ASCII.GetString(Convert.FromBase64String(r.Headers["X-WECHAT-UIN"]));
            Assert.True(uint.TryParse(uin, out _), uin);
            Assert.Equal(r.Body.Length, r.ContentLength);
            Assert.False(r.Chunked);
            using var json = JsonDocument.Parse(r.Body);
            var info = json.RootElement.GetProperty("base_info");
            Assert.Equal("2.4.9", info.GetProperty("channel_version").GetString());
            Assert.Equal("ClawBot/0.1.0 (PowerShell 7.5) Other/1.2+x", info.GetProperty("bot_agent").GetString());
        }
        Assert.NotEqual(requests[0].Headers["X-WECHAT-UIN"], requests[1].Headers["X-WECHAT-UIN"]);
    }

    [Fact]
    public async Task Qr_calls_send_no_token_and_the_status_get_only_the_app_headers()
    {
        var (client, handler, log) = Client(r => r.Uri.AbsolutePath.EndsWith("get_bot_qrcode")
            ? ScriptedHandler.Json("{\"qrcode\":\"QRSECRET\",\"qrcode_img_content\":\"https://liteapp.weixin.qq.com/q/abc\"}")
            : ScriptedHandler.Json("{\"status\":\"scaned\"}"),
            o => { o.QrBaseUrl = new Uri("http://127.0.0.1:9/qr"); o.RouteTag = "rt-1"; });
        var ticket = await client.GetBotQrCodeAsync(Enumerable.Range(0, 12).Select(i => "tok" + i).ToList(), CancellationToken.None);
        var status = await client.GetQrCodeStatusAsync(ticket.QrCode, client.QrBaseUrl, "1234", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(QrStatus.Scanned, status.Status);

        var (fetch, poll) = (handler.Requests.ElementAt(0), handler.Requests.ElementAt(1));
        Assert.Equal("http://127.0.0.1:9/qr/ilink/bot/get_bot_qrcode?bot_type=3", fetch.Uri.ToString());
        Assert.False(fetch.Headers.ContainsKey("Authorization"));
        Assert.Equal("ilink_bot_token", fetch.Headers["AuthorizationType"]);
        using (var body = JsonDocument.Parse(fetch.Body))
        {
            Assert.Equal(10, body.RootElement.GetProperty("local_token_list").GetArrayLength());
            Assert.False(body.RootElement.TryGetProperty("base_info", out _));
        }

        Assert.Equal("GET", poll.Method);
        Assert.Equal("/qr/ilink/bot/get_qrcode_status", poll.Uri.AbsolutePath);
        Assert.Equal("?qrcode=QRSECRET&verify_code=1234", poll.Uri.Query);
        Assert.Equal("bot", poll.Headers["iLink-App-Id"]);
        Assert.Equal("rt-1", poll.Headers["SKRouteTag"]);
        foreach (var absent in new[] { "Authorization", "AuthorizationType", "X-WECHAT-UIN" }) Assert.False(poll.Headers.ContainsKey(absent));
        Assert.DoesNotContain("QRSECRET", log.AllText());
        Assert.Equal("QR code (redacted)", ticket.ToString());
    }

    [Fact]
    public async Task No_authorization_header_without_a_token()
    {
        var (client, handler, _) = Client(_ => ScriptedHandler.Json("{\"ret\":0}"), o => o.BotToken = null);
        await client.NotifyStartAsync(CancellationToken.None);
        Assert.False(handler.Requests.Single().Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_send_retry_resends_the_same_bytes_and_client_id()
    {
        var calls = 0;
        var (client, handler, log) = Client(_ => ++calls < 3 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : ScriptedHandler.Json("{}"));
        var result = await client.SendTextAsync("u@im.wechat", "CTX-SECRET", "hello", CancellationToken.None);
        var bodies = handler.Requests.Select(r => r.BodyText).ToArray();
        Assert.Equal(3, bodies.Length);
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Contains(result.ClientIds.Single(), bodies[0]);
        Assert.Equal(2, log.Retries.Count);
        using var json = JsonDocument.Parse(bodies[0]);
        var msg = json.RootElement.GetProperty("msg");
        Assert.Equal("", msg.GetProperty("from_user_id").GetString());
        Assert.Equal(2, msg.GetProperty("message_type").GetInt32());
        Assert.Equal(1, msg.GetProperty("item_list").GetArrayLength());
        Assert.Equal("CTX-SECRET", msg.GetProperty("context_token").GetString());
    }

    [Fact]
    public async Task A_null_context_token_is_omitted()
    {
        var (client, handler, _) = Client(_ => ScriptedHandler.Json("{}"));
        await client.SendTextAsync("u@im.wechat", null, "hello", CancellationToken.None);
        using var json = JsonDocument.Parse(handler.Requests.Single().Body);
        Assert.False(json.RootElement.GetProperty("msg").TryGetProperty("context_token", out _));
    }

    [Fact]
    public async Task Getconfig_needs_an_explicit_ret_0()
    {
        var answers = new Queue<string>(new[] { "{\"ret\":0,\"typing_ticket\":\"T1\"}", "{\"typing_ticket\":\"T2\"}", "{\"ret\":0}" });
        var (client, _, _) = Client(_ => ScriptedHandler.Json(answers.Dequeue()));
        Assert.Equal("T1", await client.GetTypingTicketAsync("u", "c", CancellationToken.None));
        Assert.Null(await client.GetTypingTicketAsync("u", "c", CancellationToken.None));
        Assert.Null(await client.GetTypingTicketAsync("u", "c", CancellationToken.None));
    }

    [Fact]
    public async Task Errcode_alone_also_signals_session_expiry()
    {
        var (client, _, _) = Client(_ => ScriptedHandler.Json("{\"errcode\":-14,\"errmsg\":\"session timeout\"}"));
        var ex = await Assert.ThrowsAsync<SessionExpiredException>(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.Equal("session timeout", ex.ServerMessage);
    }

    [Fact]
    public async Task Confirmed_without_a_bot_id_fails_and_an_empty_baseurl_means_the_default()
    {
        var (client, _, _) = Client(r => r.Uri.AbsolutePath.EndsWith("get_bot_qrcode")
            ? ScriptedHandler.Json("{\"qrcode\":\"q\",\"qrcode_img_content\":\"https://x/q\"}")
            : ScriptedHandler.Json("{\"status\":\"confirmed\",\"bot_token\":\"t\"}"));
        var observer = new NullObserver();
        var ex = await Assert.ThrowsAsync<QrLoginException>(() => new QrLoginFlow(client, new QrLoginOptions()).RunAsync(observer, CancellationToken.None));
        Assert.Equal(QrLoginFailure.MissingBotId, ex.Reason);

        var (client2, _, _) = Client(r => r.Uri.AbsolutePath.EndsWith("get_bot_qrcode")
            ? ScriptedHandler.Json("{\"qrcode\":\"q\",\"qrcode_img_content\":\"https://x/q\"}")
            : ScriptedHandler.Json("{\"status\":\"confirmed\",\"bot_token\":\"t\",\"ilink_bot_id\":\"ab@im.bot\",\"baseurl\":\"\"}"));
        var result = await new QrLoginFlow(client2, new QrLoginOptions()).RunAsync(observer, CancellationToken.None);
        Assert.Equal(ILinkDefaults.ApiBase, result.BaseUrl);
        Assert.Equal("ab@im.bot", result.BotId);
    }

    private sealed class NullObserver : IQrLoginObserver
    {
        public void QrCodeIssued(QrCodeTicket ticket, int number, int maxCodes) { }
        public void Scanned() { }
        public void Expired(int number, int maxCodes) { }
        public void Redirected(string host) { }
        public Task<string?> RequestVerifyCodeAsync(bool previousWasWrong, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
