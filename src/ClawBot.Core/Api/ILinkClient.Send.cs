using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Api;

public sealed partial class ILinkClient
{
    /// <summary>Sends text, split into chunks of at most <see cref="ILinkClientOptions.ChunkSize"/> scalar values, each with its own client_id.</summary>
    /// <remarks>
    /// Every chunk but the last goes as GENERATING and the last as FINISH, with <see cref="ILinkClientOptions.ChunkGap"/>
    /// between them (the seed's measured behaviour). A failure or a cancellation after some chunks were accepted is a
    /// <see cref="PartialSendException"/>; a cancellation before any is a plain <see cref="OperationCanceledException"/>.
    /// Empty text is refused: the service has no empty message.
    /// </remarks>
    public async Task<SendResult> SendTextAsync(string toUserId, string? contextToken, string text, CancellationToken cancellationToken)
    {
        RequireRecipient(toUserId);
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("The text is empty; the service accepts no empty messages.", nameof(text));

        var chunks = TextChunker.Split(text, _options.ChunkSize);
        var parts = new List<(MessageItem Item, int State)>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var item = new MessageItem { Type = ItemType.Text, TextItem = new TextItem { Text = chunks[i] } };
            parts.Add((item, i == chunks.Count - 1 ? MessageState.Finish : MessageState.Generating));
        }
        return await SendPartsAsync(toUserId, contextToken, parts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends each part as its own message with a fresh client_id, pausing <see cref="ILinkClientOptions.ChunkGap"/>
    /// between parts. Parts accepted before a failure or a cancellation are reported through <see cref="PartialSendException"/>.
    /// </summary>
    /// <remarks>
    /// A cancellation starts no further part, but the part on its way is given <see cref="ILinkClientOptions.StopGrace"/>
    /// to be answered: the caller then knows exactly what went out, rather than that a message may or may not have
    /// reached the user. Only when no answer comes in that time is the part reported as one that may have arrived.
    /// </remarks>
    private async Task<SendResult> SendPartsAsync(string toUserId, string? contextToken, IReadOnlyList<(MessageItem Item, int State)> parts, CancellationToken cancellationToken, SendResult? earlier = null)
    {
        var clientIds = new List<string>(earlier?.ClientIds ?? Array.Empty<string>());
        var messageIds = new List<string?>(earlier?.MessageIds ?? Array.Empty<string?>());
        var total = clientIds.Count + parts.Count;

        for (var i = 0; i < parts.Count; i++)
        {
            var clientId = ClientIds.New();
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i > 0 && _options.ChunkGap > TimeSpan.Zero)
                    await Task.Delay(_options.ChunkGap, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (clientIds.Count > 0)
            {
                // Ctrl-C between parts: the parts already accepted must still be counted by the caller.
                throw new PartialSendException(clientIds.Count, total, ex);
            }

            using var inFlight = new CancellationTokenSource();
            using var afterStop = cancellationToken.Register(() => inFlight.CancelAfter(_options.StopGrace));
            try
            {
                var messageId = await SendOneAsync(toUserId, contextToken, clientId, parts[i].Item, parts[i].State, inFlight.Token).ConfigureAwait(false);
                clientIds.Add(clientId);
                messageIds.Add(messageId);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new PartialSendException(clientIds.Count, total, ex, nextMayHaveArrived: true);
            }
            catch (ClawBotException ex) when (clientIds.Count > 0)
            {
                throw new PartialSendException(clientIds.Count, total, ex);
            }
        }

        // Cancelled while the last part was answered: it went out, and so did the whole send.
        return new SendResult { ToUserId = toUserId, ClientIds = clientIds, MessageIds = messageIds, CompletedAt = DateTimeOffset.UtcNow };
    }

    /// <summary>One <c>sendmessage</c> with one item. A retry resends the same client_id, so the service's duplicate drop keeps it at-most-once.</summary>
    private async Task<string?> SendOneAsync(string toUserId, string? contextToken, string clientId, MessageItem item, int state, CancellationToken cancellationToken)
    {
        const string operation = "sendmessage";
        var body = new SendMessageRequest
        {
            Msg = new WeixinMessage
            {
                FromUserId = "",
                ToUserId = toUserId,
                ClientId = clientId,
                MessageType = 2,
                MessageState = state,
                // Omitted rather than "" when unknown, as the official client does.
                ContextToken = string.IsNullOrEmpty(contextToken) ? null : contextToken,
                ItemList = new List<MessageItem> { item },
            },
            BaseInfo = _api.NewBaseInfo(),
        };
        var answer = await _api.PostAsync(operation, ApiUrl(operation), body, WireJson.Default.SendMessageRequest, WireJson.Default.SendMessageResponse,
            _options.SendTimeout, withToken: true, retry: true, retryTimeouts: true, cancellationToken).ConfigureAwait(false);
        ApiCaller.EnsureOk(operation, answer);
        return string.IsNullOrEmpty(answer.MessageId) || answer.MessageId == "0" ? null : answer.MessageId;
    }

    private static void RequireRecipient(string toUserId)
    {
        if (string.IsNullOrWhiteSpace(toUserId)) throw new ArgumentException("A recipient user id is required.", nameof(toUserId));
    }
}
