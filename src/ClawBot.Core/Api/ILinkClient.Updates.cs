using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;
using ClawBot.Core.Monitor;

namespace ClawBot.Core.Api;

public sealed partial class ILinkClient
{
    // A hold hint beyond ten minutes is not a hint but a broken answer: it is ignored rather than trusted.
    private const long MaxLongPollHintMs = 10 * 60 * 1000;

    // The server's latest hold hint, in ms (0 = none yet); read and written from whichever thread polls.
    private long _longPollHintMs;

    /// <summary>The client timeout the next long-poll will use: the server's last hint plus the margin, else the default.</summary>
    public TimeSpan NextLongPollTimeout
    {
        get
        {
            var hint = Interlocked.Read(ref _longPollHintMs);
            return hint > 0 ? TimeSpan.FromMilliseconds(hint) + _options.LongPollMargin : _options.LongPollTimeout;
        }
    }

    /// <summary>One <c>getupdates</c> long-poll. -14 throws <see cref="Errors.SessionExpiredException"/>; a client timeout is an empty batch.</summary>
    public async Task<UpdatesBatch> GetUpdatesAsync(string cursor, CancellationToken cancellationToken)
    {
        const string operation = "getupdates";
        cursor ??= "";
        var body = new GetUpdatesRequest { GetUpdatesBuf = cursor, BaseInfo = _api.NewBaseInfo() };

        GetUpdatesResponse answer;
        try
        {
            // Transport errors and 5xx are retried here; the client's own timeout is not an error but an empty batch.
            answer = await _api.PostAsync(operation, ApiUrl(operation), body, WireJson.Default.GetUpdatesRequest, WireJson.Default.GetUpdatesResponse,
                NextLongPollTimeout, withToken: true, retry: true, retryTimeouts: false, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex) when (HttpExchange.IsTimeout(ex))
        {
            return new UpdatesBatch { Cursor = cursor, TimedOut = true };
        }

        ApiCaller.EnsureOk(operation, answer);

        TimeSpan? hint = null;
        if (answer.LongpollingTimeoutMs is long ms && ms > 0 && ms <= MaxLongPollHintMs)
        {
            hint = TimeSpan.FromMilliseconds(ms);
            Interlocked.Exchange(ref _longPollHintMs, ms);
        }

        return new UpdatesBatch
        {
            Messages = (IReadOnlyList<InboundMessage>?)answer.Msgs ?? Array.Empty<InboundMessage>(),
            // Only a non-empty cursor replaces the one presented: an empty one would rewind to the backlog.
            Cursor = string.IsNullOrEmpty(answer.GetUpdatesBuf) ? cursor : answer.GetUpdatesBuf!,
            LongPollHint = hint,
        };
    }
}
