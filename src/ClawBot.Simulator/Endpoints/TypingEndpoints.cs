using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>getconfig and sendtyping (SIM-19).</summary>
public static class TypingEndpoints
{
    /// <summary>Always answers with an explicit ret (the official client treats a missing ret as failure).</summary>
    public static Task GetConfigAsync(ApiRequest req)
    {
        var bot = req.RequireBot;
        var user = JsonIn.Str(req.Body["ilink_user_id"]) ?? "";
        var ticket = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("ticket:" + Ids.Hex(16)));
        lock (req.State.Sync) bot.TypingTickets[ticket] = user;
        return ApiReply.WriteAsync(req.Http, w =>
        {
            w.WriteNumber("ret", 0);
            w.WriteString("errmsg", "");
            w.WriteString("typing_ticket", ticket);
        });
    }

    /// <summary>Accepts status 1 (typing) and 2 (cancel) with a ticket this bot was given; records the event.</summary>
    public static Task SendTypingAsync(ApiRequest req)
    {
        var bot = req.RequireBot;
        var user = JsonIn.Str(req.Body["ilink_user_id"]);
        var ticket = JsonIn.Str(req.Body["typing_ticket"]);
        var status = JsonIn.Int(req.Body["status"]);
        lock (req.State.Sync)
        {
            if (string.IsNullOrEmpty(ticket) || !bot.TypingTickets.ContainsKey(ticket))
                return ApiReply.BadParamAsync(req.Http, "invalid typing_ticket");
            if (string.IsNullOrEmpty(user)) return ApiReply.BadParamAsync(req.Http, "ilink_user_id is required");
            if (status is not (1 or 2)) return ApiReply.BadParamAsync(req.Http, "status must be 1 or 2");
            bot.Typing.Add(new TypingEvent(user, status.Value, req.State.Clock.Now));
        }
        return ApiReply.WriteAsync(req.Http, w => { w.WriteNumber("ret", 0); w.WriteString("errmsg", ""); });
    }
}
