using System;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api.Wire;

namespace ClawBot.Core.Api;

public sealed partial class ILinkClient
{
    /// <summary><c>getconfig</c>: the typing ticket for a user, or null when the service gives none.</summary>
    /// <remarks>
    /// Success needs an explicit <c>ret</c> of 0 (as the official client): an answer without <c>ret</c> yields null.
    /// -14 throws <see cref="Errors.SessionExpiredException"/>, another non-zero code <see cref="Errors.ApiErrorException"/>.
    /// </remarks>
    public async Task<string?> GetTypingTicketAsync(string userId, string? contextToken, CancellationToken cancellationToken)
    {
        const string operation = "getconfig";
        RequireRecipient(userId);
        var body = new GetConfigRequest
        {
            IlinkUserId = userId,
            ContextToken = string.IsNullOrEmpty(contextToken) ? null : contextToken,
            BaseInfo = _api.NewBaseInfo(),
        };
        var answer = await _api.PostAsync(operation, ApiUrl(operation), body, WireJson.Default.GetConfigRequest, WireJson.Default.GetConfigResponse,
            _options.ShortTimeout, withToken: true, retry: true, retryTimeouts: true, cancellationToken).ConfigureAwait(false);
        ApiCaller.EnsureOk(operation, answer);
        if (answer.Ret != 0) return null;
        return string.IsNullOrEmpty(answer.TypingTicket) ? null : answer.TypingTicket;
    }

    /// <summary><c>sendtyping</c>: status 1 (typing) or 2 (cancel).</summary>
    /// <remarks>A non-zero <c>ret</c> throws; callers that treat typing as cosmetic may ignore failures, as the official client does.</remarks>
    public Task SendTypingAsync(string userId, string typingTicket, bool typing, CancellationToken cancellationToken) =>
        SendTypingAsync(userId, typingTicket, typing, _options.ShortTimeout, retry: true, cancellationToken);

    /// <summary>
    /// <c>sendtyping</c> as a single attempt with its own timeout: for the cancel that follows a Ctrl-C, which must
    /// neither hang on a silent server under the retry policy nor be skipped.
    /// </summary>
    internal Task SendTypingOnceAsync(string userId, string typingTicket, bool typing, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendTypingAsync(userId, typingTicket, typing, timeout, retry: false, cancellationToken);

    private async Task SendTypingAsync(string userId, string typingTicket, bool typing, TimeSpan timeout, bool retry, CancellationToken cancellationToken)
    {
        const string operation = "sendtyping";
        RequireRecipient(userId);
        if (string.IsNullOrEmpty(typingTicket)) throw new ArgumentException("A typing ticket from getconfig is required.", nameof(typingTicket));
        var body = new SendTypingRequest
        {
            IlinkUserId = userId,
            TypingTicket = typingTicket,
            Status = typing ? 1 : 2,
            BaseInfo = _api.NewBaseInfo(),
        };
        var answer = await _api.PostAsync(operation, ApiUrl(operation), body, WireJson.Default.SendTypingRequest, WireJson.Default.PlainResponse,
            timeout, withToken: true, retry: retry, retryTimeouts: true, cancellationToken).ConfigureAwait(false);
        ApiCaller.EnsureOk(operation, answer);
    }

    /// <summary><c>msg/notifystart</c>.</summary>
    public Task NotifyStartAsync(CancellationToken cancellationToken) => NotifyAsync("notifystart", cancellationToken);

    /// <summary><c>msg/notifystop</c>.</summary>
    public Task NotifyStopAsync(CancellationToken cancellationToken) => NotifyAsync("notifystop", cancellationToken);

    private async Task NotifyAsync(string operation, CancellationToken cancellationToken)
    {
        var body = new NotifyRequest { BaseInfo = _api.NewBaseInfo() };
        var answer = await _api.PostAsync(operation, ApiUrl("msg/" + operation), body, WireJson.Default.NotifyRequest, WireJson.Default.PlainResponse,
            _options.ShortTimeout, withToken: true, retry: true, retryTimeouts: true, cancellationToken).ConfigureAwait(false);
        ApiCaller.EnsureOk(operation, answer);
    }
}
