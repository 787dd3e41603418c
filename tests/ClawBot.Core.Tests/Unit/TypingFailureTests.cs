using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>"typing…" is cosmetic: its failures never replace the work's outcome, and its final cancel never holds up a Ctrl-C.</summary>
public sealed class TypingFailureTests
{
    private const string User = "u@im.wechat";

    private static (ILinkClient Client, ScriptedHandler Handler, RecordingLog Log) Client(
        Func<int, CancellationToken, Task<HttpResponseMessage>> sendTyping, Action<ILinkClientOptions>? configure = null)
    {
        var handler = new ScriptedHandler((r, ct) =>
            r.Uri.AbsolutePath.EndsWith("/getconfig", StringComparison.Ordinal)
                ? Task.FromResult(ScriptedHandler.Json("{\"ret\":0,\"typing_ticket\":\"t1\"}"))
                : sendTyping(StatusOf(r), ct));
        var log = new RecordingLog();
        var options = new ILinkClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            BotToken = "tok",
            Log = log,
            Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
        };
        configure?.Invoke(options);
        return (new ILinkClient(options, new HttpClient(handler)), handler, log);
    }

    private static int StatusOf(RecordedRequest r)
    {
        using var json = JsonDocument.Parse(r.Body);
        return json.RootElement.GetProperty("status").GetInt32();
    }

    private static Task<HttpResponseMessage> Ok() => Task.FromResult(ScriptedHandler.Json("{\"ret\":0}"));
    private static Task<HttpResponseMessage> Expired() => Task.FromResult(ScriptedHandler.Json("{\"ret\":-14,\"errmsg\":\"session timeout\"}"));

    private static int Typings(ScriptedHandler handler, int status) =>
        handler.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/sendtyping", StringComparison.Ordinal) && StatusOf(r) == status);

    [Fact]
    public async Task An_expired_session_on_keep_alive_and_cancel_does_not_replace_a_successful_send()
    {
        var calls = 0;
        var (client, handler, log) = Client((status, _) => Interlocked.Increment(ref calls) == 1 ? Ok() : Expired());
        var typing = new TypingIndicator(client) { KeepAlive = TimeSpan.FromMilliseconds(10) };

        var result = await typing.WhileAsync(User, null, async ct =>
        {
            // The work ends only after a keep-alive was refused with -14.
            while (Typings(handler, 1) < 2) await Task.Delay(5, ct);
            return "sent";
        }, CancellationToken.None);

        Assert.Equal("sent", result);
        Assert.Equal(1, Typings(handler, 2));
        Assert.Contains(log.Retries, r => r.Operation == "sendtyping" && r.GivingUp);
    }

    [Fact]
    public async Task An_expired_session_on_the_final_cancel_keeps_the_partial_send_count()
    {
        var (client, _, _) = Client((status, _) => status == 1 ? Ok() : Expired());
        var typing = new TypingIndicator(client) { KeepAlive = TimeSpan.FromMinutes(1) };

        var ex = await Assert.ThrowsAsync<PartialSendException>(() => typing.WhileAsync<int>(User, null,
            _ => throw new PartialSendException(2, 5, new ApiErrorException("sendmessage", -2, null)), CancellationToken.None));

        Assert.Equal(2, ex.PartsSent);
        Assert.Equal(5, ex.PartCount);
    }

    [Fact]
    public async Task After_ctrl_c_the_cancel_goes_once_with_a_short_timeout_against_a_silent_server()
    {
        // Under the full retry policy the cancel would take 3 attempts x 5 s.
        var (client, handler, _) = Client(
            (status, ct) => status == 1 ? Ok() : Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => new HttpResponseMessage(HttpStatusCode.OK), TaskScheduler.Default),
            o => o.ShortTimeout = TimeSpan.FromSeconds(5));
        var typing = new TypingIndicator(client) { KeepAlive = TimeSpan.FromMinutes(1) };
        using var ctrlC = new CancellationTokenSource();

        var watch = Stopwatch.StartNew();
        var run = typing.WhileAsync(User, null, async ct =>
        {
            ctrlC.CancelAfter(50);
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, ctrlC.Token);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(8)));

        Assert.Same(run, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), watch.Elapsed.ToString());
        Assert.Equal(1, Typings(handler, 2));
    }
}
