using System.Text.Json.Nodes;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>
/// get_bot_qrcode (SIM-01, SIM-02): GET (seed, old official) or POST with {local_token_list} (2.3.1+). No auth.
/// </summary>
public static class QrCodeEndpoint
{
    public static Task HandleAsync(ApiRequest req, QrFlow flow)
    {
        var botType = req.Http.Request.Query["bot_type"].ToString();
        var tokens = new List<string>();
        if (req.Body["local_token_list"] is JsonArray list)
            foreach (var item in list)
                if (JsonIn.Str(item) is { Length: > 0 } t) tokens.Add(t.Trim());

        var qr = flow.Issue(botType.Length == 0 ? null : botType, tokens);
        return ApiReply.WriteAsync(req.Http, w =>
        {
            w.WriteString("qrcode", qr.Code);
            w.WriteString("qrcode_img_content", qr.Content);
        });
    }
}
