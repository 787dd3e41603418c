using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Auth;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;

namespace ClawBot.Core.Api;

public sealed partial class ILinkClient
{
    private const int MaxLocalTokens = 10;

    /// <summary>The QR host: <see cref="ILinkClientOptions.QrBaseUrl"/>, else the API base.</summary>
    public Uri QrBaseUrl => _options.QrBaseUrl ?? _options.BaseUrl;

    /// <summary><c>get_bot_qrcode</c> (POST, bot_type=3) with up to 10 local tokens, newest first.</summary>
    public async Task<QrCodeTicket> GetBotQrCodeAsync(IReadOnlyList<string> localTokens, CancellationToken cancellationToken)
    {
        const string operation = "get_bot_qrcode";
        var body = new GetBotQrCodeRequest();
        if (localTokens != null)
            foreach (var token in localTokens)
                if (!string.IsNullOrWhiteSpace(token) && body.LocalTokenList.Count < MaxLocalTokens)
                    body.LocalTokenList.Add(token.Trim());

        var url = UrlJoin.Combine(QrBaseUrl, "ilink/bot/get_bot_qrcode", "bot_type=3");
        // No Authorization here, ever: this call is how a client without credentials starts.
        var answer = await _api.PostAsync(operation, url, body, WireJson.Default.GetBotQrCodeRequest, WireJson.Default.GetBotQrCodeResponse,
            _options.SendTimeout, withToken: false, retry: true, retryTimeouts: true, cancellationToken).ConfigureAwait(false);
        ApiCaller.EnsureOk(operation, answer);
        if (string.IsNullOrEmpty(answer.Qrcode) || string.IsNullOrEmpty(answer.QrcodeImgContent))
            throw new MalformedResponseException(operation, "no QR code in the answer");
        return new QrCodeTicket(answer.Qrcode!, answer.QrcodeImgContent!);
    }

    /// <summary>One <c>get_qrcode_status</c> long-poll against <paramref name="pollBase"/>; a timeout or failure is <see cref="QrStatus.Wait"/>.</summary>
    public async Task<QrStatusResult> GetQrCodeStatusAsync(string qrCode, Uri pollBase, string? verifyCode, TimeSpan timeout, CancellationToken cancellationToken)
    {
        const string operation = "get_qrcode_status";
        if (string.IsNullOrEmpty(qrCode)) throw new ArgumentException("A QR code id is required.", nameof(qrCode));
        if (pollBase is null) throw new ArgumentNullException(nameof(pollBase));

        var query = "qrcode=" + Uri.EscapeDataString(qrCode);
        if (!string.IsNullOrEmpty(verifyCode)) query += "&verify_code=" + Uri.EscapeDataString(verifyCode!.Trim());
        var url = UrlJoin.Combine(pollBase, "ilink/bot/get_qrcode_status", query);

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            WireHeaders.ApplyGet(request, _options.RouteTag);
            var raw = await _exchange.SendAsync(operation, request, timeout, cancellationToken).ConfigureAwait(false);
            if (!raw.IsSuccess) return WaitResult();
            var answer = ApiCaller.Parse(operation, raw.Body, WireJson.Default.QrStatusResponse);
            return MapStatus(answer);
        }
        catch (ClawBotException)
        {
            // Since 2.1.1 the official client treats any failure of a status poll (gateway 524, reset, timeout,
            // garbage) as "wait": the next poll decides.
            return WaitResult();
        }
    }

    private static QrStatusResult WaitResult() => new() { Status = QrStatus.Wait, RawStatus = "wait" };

    private static QrStatusResult MapStatus(QrStatusResponse answer)
    {
        var raw = answer.Status ?? "";
        var status = raw switch
        {
            "wait" => QrStatus.Wait,
            "scaned" => QrStatus.Scanned,
            "scaned_but_redirect" => QrStatus.ScannedButRedirect,
            "need_verifycode" => QrStatus.NeedVerifyCode,
            "verify_code_blocked" => QrStatus.VerifyCodeBlocked,
            "expired" => QrStatus.Expired,
            "binded_redirect" => QrStatus.AlreadyBound,
            "confirmed" => QrStatus.Confirmed,
            _ => QrStatus.Unknown,
        };
        return new QrStatusResult
        {
            Status = status,
            RawStatus = raw,
            BotToken = Empty(answer.BotToken),
            BotId = Empty(answer.IlinkBotId),
            UserId = Empty(answer.IlinkUserId),
            BaseUrl = Empty(answer.Baseurl) ?? Empty(answer.BaseUrlAlias),
            RedirectHost = Empty(answer.RedirectHost?.Trim()),
        };
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
