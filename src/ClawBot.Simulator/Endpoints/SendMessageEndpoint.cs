using System.Globalization;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.Messaging;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>
/// sendmessage (SIM-12, SIM-13, SIM-14, SIM-21). Order of checks: shape (-2; strict adds state, empty text and media
/// fields), client_id (silent drop), context token (-2 when required), send allowance (-2), text length (-2), an open
/// GENERATING run (strict, -2), then delivery. Media is decrypted up front (-2 when it cannot be) so the inspection API
/// can hand tests the exact bytes.
/// </summary>
public static class SendMessageEndpoint
{
    public static async Task HandleAsync(ApiRequest req)
    {
        var state = req.State;
        var bot = req.RequireBot;
        var strict = state.Options.Strict;
        if (req.Body["msg"] is not JsonObject msg) { await ApiReply.BadParamAsync(req.Http, "msg is required"); return; }

        var to = JsonIn.Str(msg["to_user_id"]);
        if (string.IsNullOrWhiteSpace(to)) { await ApiReply.BadParamAsync(req.Http, "to_user_id is required"); return; }
        if (JsonIn.Int(msg["message_type"]) != 2) { await ApiReply.BadParamAsync(req.Http, "message_type must be 2 (BOT)"); return; }
        var rawState = JsonIn.Int(msg["message_state"]);
        if (rawState is < 0 or > 2) { await ApiReply.BadParamAsync(req.Http, "message_state must be 0, 1 or 2"); return; }
        // Both clients send 1 or 2 (§6.3). An absent field reads as 0 (NEW) in proto3, and what NEW does is unknown.
        if (strict && rawState is null or 0)
        {
            await req.RefuseAsync(Refusal.StrictRule("message_state must be 1 (GENERATING) or 2 (FINISH); absent reads as 0 (NEW)"));
            return;
        }
        var messageState = rawState ?? 2;
        if (msg["item_list"] is not JsonArray items || items.Count == 0) { await ApiReply.BadParamAsync(req.Http, "item_list is empty"); return; }

        var parsed = new List<SimSentMessage>();
        foreach (var node in items)
        {
            var (sent, itemError) = SentItemParser.Parse(state, node as JsonObject);
            if (itemError is { } refusal) { await req.RefuseAsync(refusal); return; }
            parsed.Add(sent!);
        }
        // GENERATING streams a text in chunks (seed, §6.3); a media item cannot be a chunk.
        if (strict && messageState == 1 && parsed.Any(p => p.ItemType != 1))
        {
            await req.RefuseAsync(Refusal.StrictRule("message_state 1 (GENERATING) is for text chunks only"));
            return;
        }

        var clientId = JsonIn.Str(msg["client_id"]);
        var contextToken = JsonIn.Str(msg["context_token"]);
        var (messageId, error) = Deliver(state, bot, to, clientId, contextToken, messageState, parsed, items);

        if (error is { } e) await req.RefuseAsync(e);
        else if (state.Options.ReturnMessageIds && messageId != 0)
            await ApiReply.WriteAsync(req.Http, w => { w.WriteNumber("ret", 0); w.WriteNumber("message_id", messageId); });
        else await ApiReply.EmptyAsync(req.Http);
    }

    /// <summary>Records the message (or its drop); returns the new message id (0 when dropped) or an error.</summary>
    private static (ulong MessageId, Refusal? Error) Deliver(SimState state, BotAccount bot, string to, string? clientId,
        string? contextToken, int messageState, List<SimSentMessage> parsed, JsonArray items)
    {
        lock (state.Sync)
        {
            if (string.IsNullOrEmpty(clientId) || bot.ClientIds.Contains(clientId))
            {
                // The real service answers 200 {} and never delivers (seed, comm): only the inspection API shows it.
                bot.Dropped.Add(new SimDroppedMessage
                {
                    ToUserId = to, ClientId = clientId,
                    Reason = string.IsNullOrEmpty(clientId) ? "missing client_id" : "duplicate client_id",
                });
                return (0, null);
            }

            var error = SendRules.CheckContextToken(state, bot, to, contextToken)
                ?? SendRules.CheckAllowance(state, bot, to)
                ?? SendRules.CheckTextLength(state, parsed);
            if (error != null) return (0, Refusal.Always(error));
            if (SendRules.CheckOpenRun(state, bot, to, parsed) is { } runError) return (0, Refusal.StrictRule(runError));

            var messageId = Ids.MessageId();
            bot.ClientIds.Add(clientId);
            bot.Window(to).SentSinceInbound++;
            var now = state.Clock.Now;
            foreach (var s in parsed)
            {
                s.ToUserId = to;
                s.ClientId = clientId;
                s.MessageState = messageState;
                s.ReceivedAt = now;
                s.ItemCount = parsed.Count;
                s.MessageId = messageId.ToString(CultureInfo.InvariantCulture);
                bot.Sent.Add(s);
            }
            // Kept as sent, so a user can quote the bot's message in full (ref_msg.message_item).
            bot.SentItems[messageId] = (JsonObject)items[0]!.DeepClone();
            SendRules.TrackRun(bot, to, clientId, messageState, parsed);
            return (messageId, null);
        }
    }
}
