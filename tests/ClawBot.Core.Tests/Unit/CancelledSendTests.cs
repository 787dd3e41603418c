using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>A Ctrl-C in the middle of a multi-part send still tells the caller how many parts went out.</summary>
public sealed class CancelledSendTests
{
    private const string User = "u@im.wechat";

    private static (ILinkClient Client, ScriptedHandler Handler) Client(Func<int, CancellationToken, Task<HttpResponseMessage>> sendMessage, TimeSpan chunkGap)
    {
        var sends = 0;
        var handler = new ScriptedHandler((_, ct) => sendMessage(Interlocked.Increment(ref sends), ct));
        var options = new ILinkClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            BotToken = "tok",
            ChunkSize = 10,
            ChunkGap = chunkGap,
            Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
        };
        return (new ILinkClient(options, new HttpClient(handler)), handler);
    }

    private static Task<HttpResponseMessage> Ok() => Task.FromResult(ScriptedHandler.Json("{\"ret\":0}"));

    [Fact]
    public async Task Cancelled_in_the_gap_after_the_first_part_is_a_partial_send_of_one()
    {
        using var ctrlC = new CancellationTokenSource();
        var (client, handler) = Client((n, _) => { if (n == 1) ctrlC.Cancel(); return Ok(); }, TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<PartialSendException>(() => client.SendTextAsync(User, null, new string('a', 25), ctrlC.Token));

        Assert.Equal(1, ex.PartsSent);
        Assert.Equal(3, ex.PartCount);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
        Assert.True(ex.Cancelled);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Cancelled_during_the_third_part_is_a_partial_send_of_two()
    {
        using var ctrlC = new CancellationTokenSource();
        var (client, handler) = Client(async (n, ct) =>
        {
            if (n < 3) return await Ok();
            ctrlC.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }, TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<PartialSendException>(() => client.SendTextAsync(User, null, new string('a', 25), ctrlC.Token));

        Assert.Equal(2, ex.PartsSent);
        Assert.Equal(3, ex.PartCount);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Cancelled_before_any_part_was_accepted_stays_a_plain_cancellation()
    {
        using var ctrlC = new CancellationTokenSource();
        var (client, _) = Client(async (_, ct) =>
        {
            ctrlC.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }, TimeSpan.Zero);

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendTextAsync(User, null, new string('a', 25), ctrlC.Token));
        Assert.Equal(ctrlC.Token, ex.CancellationToken);
    }
}
