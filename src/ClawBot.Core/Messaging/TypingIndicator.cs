using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Diagnostics;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;

namespace ClawBot.Core.Messaging;

/// <summary>
/// "typing…" for one bot: caches each user's typing ticket from getconfig (the official client refreshes it within a
/// day), and keeps the indicator alive every few seconds while work runs (PROTOCOL.md §8). Typing is cosmetic: its
/// failures never fail the work it decorates nor replace its outcome; only an expired session found before the work
/// starts is thrown.
/// </summary>
public sealed class TypingIndicator
{
    private readonly ILinkClient _client;
    private readonly ConcurrentDictionary<string, (string Ticket, DateTimeOffset FetchedAt)> _tickets = new(StringComparer.Ordinal);
    private readonly LogSink _log;

    /// <summary>Creates an indicator over a bound client.</summary>
    public TypingIndicator(ILinkClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _log = new LogSink(client.Options.Log);
    }

    /// <summary>How long a ticket is reused before getconfig is asked again.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often "typing" is repeated while work runs (the official client: 5 s).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the single "cancel typing" after the work may take, even after a Ctrl-C.</summary>
    public TimeSpan CancelTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The user's ticket, from the cache or getconfig; null when the service gives none.</summary>
    public async Task<string?> TicketAsync(string userId, string? contextToken, CancellationToken cancellationToken)
    {
        if (_tickets.TryGetValue(userId, out var cached) && DateTimeOffset.UtcNow - cached.FetchedAt < TicketLifetime) return cached.Ticket;
        var ticket = await _client.GetTypingTicketAsync(userId, contextToken, cancellationToken).ConfigureAwait(false);
        if (ticket is null) _tickets.TryRemove(userId, out _);
        else _tickets[userId] = (ticket, DateTimeOffset.UtcNow);
        return ticket;
    }

    /// <summary>Shows (or with <paramref name="typing"/> false, cancels) "typing…"; false when no ticket could be had.</summary>
    public async Task<bool> SetAsync(string userId, string? contextToken, bool typing, CancellationToken cancellationToken)
    {
        var ticket = await TicketAsync(userId, contextToken, cancellationToken).ConfigureAwait(false);
        if (ticket is null) return false;
        await _client.SendTypingAsync(userId, ticket, typing, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs <paramref name="work"/> with "typing…" shown to the user, refreshed every <see cref="KeepAlive"/>, and cancelled after.</summary>
    /// <remarks>
    /// Only an expired session found before the work starts is thrown (the work could not succeed either). Once the
    /// work runs, the indicator's failures are logged and swallowed: they must never replace the work's own outcome
    /// (a receipt, or a <see cref="PartialSendException"/> whose count the caller has to record).
    /// </remarks>
    public async Task<T> WhileAsync<T>(string userId, string? contextToken, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!await TrySetAsync(userId, contextToken, true, cancellationToken).ConfigureAwait(false))
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }

        using var stopKeepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAlive = KeepAliveAsync(userId, contextToken, stopKeepAlive.Token);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stopKeepAlive.Cancel();
            // Neither throws: an exception here would replace the work's.
            await keepAlive.ConfigureAwait(false);
            await CancelQuietlyAsync(userId).ConfigureAwait(false);
        }
    }

    private async Task KeepAliveAsync(string userId, string? contextToken, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(KeepAlive, token).ConfigureAwait(false);
                try
                {
                    await SetAsync(userId, contextToken, true, token).ConfigureAwait(false);
                }
                catch (ClawBotException ex) when (ex is not SessionExpiredException)
                {
                    // One missed refresh; the next may get through.
                    Report(ex);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // An expired session (or a defect): repeating is pointless, and failing the work is not ours to do.
            Report(ex);
        }
    }

    // Not under the caller's token, which a Ctrl-C has already cancelled: a stuck "typing…" would outlive the script.
    // One attempt bounded by CancelTimeout, so a silent server cannot hold up the stop under the retry policy.
    private async Task CancelQuietlyAsync(string userId)
    {
        // The ticket that showed "typing…" cancels it, however old: fetching a fresh one would be another call to wait on.
        if (!_tickets.TryGetValue(userId, out var cached)) return;
        try
        {
            await _client.SendTypingOnceAsync(userId, cached.Ticket, false, CancelTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Report(ex);
        }
    }

    private async Task<bool> TrySetAsync(string userId, string? contextToken, bool typing, CancellationToken token)
    {
        try
        {
            return await SetAsync(userId, contextToken, typing, token).ConfigureAwait(false);
        }
        catch (SessionExpiredException)
        {
            throw;
        }
        catch (ClawBotException ex)
        {
            Report(ex);
            return false;
        }
    }

    // A swallowed failure still reaches the log (Send-ClawMessage -Verbose). Transient ones were already reported by
    // the retry runner when it gave up, so they are not reported twice.
    private void Report(Exception ex)
    {
        if (ex is ClawBotException known && RetryRunner.IsTransient(known, retryTimeouts: true)) return;
        var reason = ex switch
        {
            SessionExpiredException => "session expired",
            ClawBotException other => RetryRunner.ReasonOf(other),
            _ => ex.GetType().Name,
        };
        _log.Retry(new RetryRecord((ex as ClawBotException)?.Operation ?? "sendtyping", 1, 1, TimeSpan.Zero, reason, givingUp: true));
    }
}
