using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>
/// get_qrcode_status (SIM-03, SIM-04): a long-poll that answers at once when the code's state changed since the last
/// answer, and otherwise holds for QrStatusHold (or until the code expires) and answers the current status.
/// </summary>
public static class QrStatusEndpoint
{
    public static async Task HandleAsync(ApiRequest req, QrFlow flow)
    {
        var state = req.State;
        var code = req.Http.Request.Query["qrcode"].ToString();
        string? verifyCode = req.Http.Request.Query["verify_code"].ToString();
        if (verifyCode.Length == 0) verifyCode = null;
        var deadline = DateTimeOffset.UtcNow + state.Options.QrStatusHold;

        QrSession? qr;
        lock (state.Sync)
        {
            qr = state.QrByCode.GetValueOrDefault(code);
            qr?.PollHosts.Add(req.Http.Request.Host.Value ?? "");
        }
        if (qr == null)
        {
            await WriteAsync(req, new QrAnswer("expired")); // unknown codes are expired (SIM-04)
            return;
        }

        while (true)
        {
            QrAnswer? answer;
            Task wake;
            TimeSpan untilExpiry;
            lock (state.Sync)
            {
                answer = flow.Evaluate(qr, verifyCode);
                verifyCode = null; // a wrong code counts once, not once per wake-up
                if (answer == null && DateTimeOffset.UtcNow >= deadline)
                {
                    qr.ReportedVersion = qr.Version;
                    answer = new QrAnswer(qr.StatusWord);
                }
                // Take the wake-up tasks under the lock so no change between the check and the wait is missed.
                wake = Task.WhenAny(qr.Signal.WaitTask, state.ClockSignal.WaitTask);
                untilExpiry = qr.IssuedAt + state.Options.QrTtl - state.Clock.Now;
            }
            if (answer != null)
            {
                await WriteAsync(req, answer);
                return;
            }
            var remaining = deadline - DateTimeOffset.UtcNow;
            // Wake when the TTL runs out too (a few ms late, so the re-check sees it expired).
            if (untilExpiry < remaining) remaining = untilExpiry + TimeSpan.FromMilliseconds(5);
            await AsyncSignal.WaitAsync(wake, remaining, req.Ct);
        }
    }

    private static Task WriteAsync(ApiRequest req, QrAnswer a) => ApiReply.WriteAsync(req.Http, w =>
    {
        w.WriteString("status", a.Status);
        if (a.Status == "confirmed")
        {
            w.WriteString("bot_token", a.BotToken);
            w.WriteString("ilink_bot_id", a.BotId);
            w.WriteString("baseurl", req.State.ApiBase.ToString().TrimEnd('/'));
            w.WriteString("ilink_user_id", a.UserId);
        }
        if (a.RedirectHost != null) w.WriteString("redirect_host", a.RedirectHost);
    });
}
