using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>
/// A Ctrl-C in the middle of a multi-part send tells the caller exactly how many parts went out: no part starts after
/// it, the part on its way is given StopGrace to be answered, and only an unanswered one is reported as "may have
/// arrived".
/// </summary>
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
            StopGrace = TimeSpan.FromMilliseconds(200),
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
    public async Task Cancelled_during_the_third_part_whose_answer_never_comes_is_two_sent_and_the_third_may_have_arrived()
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
        Assert.True(ex.NextMayHaveArrived);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Cancelled_during_a_part_that_is_answered_in_time_counts_it_and_starts_no_other()
    {
        using var ctrlC = new CancellationTokenSource();
        var (client, handler) = Client(async (n, _) =>
        {
            if (n == 2)
            {
                ctrlC.Cancel();
                await Task.Delay(20, CancellationToken.None); // the answer comes within the grace
            }
            return await Ok();
        }, TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<PartialSendException>(() => client.SendTextAsync(User, null, new string('a', 25), ctrlC.Token));

        Assert.Equal(2, ex.PartsSent);
        Assert.False(ex.NextMayHaveArrived);
        Assert.True(ex.Cancelled);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Cancelled_before_the_send_starts_stays_a_plain_cancellation()
    {
        using var ctrlC = new CancellationTokenSource();
        ctrlC.Cancel();
        var (client, handler) = Client((_, _) => Ok(), TimeSpan.Zero);

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendTextAsync(User, null, new string('a', 25), ctrlC.Token));
        Assert.IsNotType<PartialSendException>(ex);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Cancelled_while_the_first_part_goes_unanswered_is_nothing_sent_but_it_may_have_arrived()
    {
        using var ctrlC = new CancellationTokenSource();
        var (client, _) = Client(async (_, ct) =>
        {
            ctrlC.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }, TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<PartialSendException>(() => client.SendTextAsync(User, null, new string('a', 25), ctrlC.Token));
        Assert.Equal(0, ex.PartsSent);
        Assert.True(ex.NextMayHaveArrived);
    }
}
