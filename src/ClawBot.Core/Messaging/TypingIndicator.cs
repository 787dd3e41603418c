using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Messaging;

/// <summary>
/// "typing…" for one bot: caches each user's typing ticket from getconfig (the official client refreshes it within a
/// day), and keeps the indicator alive every few seconds while work runs (PROTOCOL.md §8). Typing is cosmetic: its
/// failures never fail the work it decorates, except an expired session.
/// </summary>
public sealed class TypingIndicator
{
    private readonly ILinkClient _client;
    private readonly ConcurrentDictionary<string, (string Ticket, DateTimeOffset FetchedAt)> _tickets = new(StringComparer.Ordinal);

    /// <summary>Creates an indicator over a bound client.</summary>
    public TypingIndicator(ILinkClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>How long a ticket is reused before getconfig is asked again.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often "typing" is repeated while work runs (the official client: 5 s).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);

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
            await keepAlive.ConfigureAwait(false);
            // The cancel goes out even when the work was cancelled: a stuck "typing…" would outlive the script.
            await TrySetAsync(userId, contextToken, false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task KeepAliveAsync(string userId, string? contextToken, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(KeepAlive, token).ConfigureAwait(false);
                await TrySetAsync(userId, contextToken, true, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
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
        catch (ClawBotException)
        {
            return false;
        }
    }
}
