using ClawBot.Simulator.Control;

namespace ClawBot.Simulator.State;

/// <summary>
/// QR login rules (SIM-02..04), shared by the status endpoint and the control API. Every method takes
/// <see cref="SimState.Sync"/> itself, except <see cref="Evaluate"/> whose caller already holds it.
/// </summary>
public sealed class QrFlow
{
    private const int MaxWrongCodes = 3;
    private readonly SimState _state;

    public QrFlow(SimState state) => _state = state;

    public QrSession Issue(string? botType, IReadOnlyList<string> localTokens)
    {
        var code = Ids.Hex(16);
        var content = $"https://liteapp.weixin.qq.com/q/{Ids.Opaque(9)}?qrcode={code}&bot_type={Uri.EscapeDataString(botType ?? "3")}";
        var qr = new QrSession(code, content, botType, localTokens, _state.Clock.Now);
        lock (_state.Sync)
        {
            _state.QrCodes.Add(qr);
            _state.QrByCode[code] = qr;
        }
        if (_state.Options.AutoConfirmAfter is { } after) _ = AutoConfirmAsync(qr, after);
        return qr;
    }

    /// <summary>Demo mode: scan at half the delay, confirm at the full delay, as a phone user would.</summary>
    private async Task AutoConfirmAsync(QrSession qr, TimeSpan after)
    {
        try
        {
            await Task.Delay(after / 2, _state.Stopping).ConfigureAwait(false);
            Scan(qr.Code);
            _state.Changes.Notify();
            await Task.Delay(after / 2, _state.Stopping).ConfigureAwait(false);
            Confirm(qr.Code, null, null);
            _state.Changes.Notify();
        }
        catch (Exception e) when (e is OperationCanceledException or SimConflictException)
        {
            // Stopped, expired or already handled: nothing to do.
        }
    }

    public QrSession Find(string code)
    {
        lock (_state.Sync)
            return _state.QrByCode.TryGetValue(code, out var qr) ? qr : throw new SimNotFoundException($"unknown qrcode");
    }

    public void Scan(string code) => Mutate(code, qr =>
    {
        if (qr.Phase is QrPhase.Wait) qr.Phase = QrPhase.Scanned;
    });

    /// <summary>
    /// The phone backs out of the confirmation screen. The protocol has no "cancelled" status (PROTOCOL.md §3.2), so,
    /// as WeChat's own web login does, the code goes back to waiting for a scan (polls answer wait); a pending verify
    /// code is dropped. Only a scanned code can be cancelled (else 409).
    /// </summary>
    public void Cancel(string code) => Mutate(code, qr =>
    {
        if (qr.Phase is not (QrPhase.Scanned or QrPhase.NeedVerifyCode))
            throw new SimConflictException("only a scanned code awaiting confirmation can be cancelled");
        qr.Phase = QrPhase.Wait;
        qr.VerifyCode = null;
        qr.WrongCodes = 0;
        qr.PendingRedirect = false;
    });

    public void Expire(string code) => Mutate(code, qr => qr.Phase = QrPhase.Expired, allowExpired: true);

    public void Redirect(string code) => Mutate(code, qr => qr.PendingRedirect = true);

    public void RequireVerifyCode(string code, string digits) => Mutate(code, qr =>
    {
        qr.Phase = QrPhase.NeedVerifyCode;
        qr.VerifyCode = digits;
        qr.WrongCodes = 0;
    });

    /// <summary>
    /// Confirms a code. With <paramref name="sameBotAs"/> the same bot is re-bound (new token, old one dies), unless
    /// that bot's live token was in the code's local_token_list: then the answer is binded_redirect and the existing
    /// credentials stay valid (none are issued).
    /// </summary>
    public SimBot Confirm(string code, string? userId, string? sameBotAs)
    {
        lock (_state.Sync)
        {
            var qr = Find(code);
            if (qr.Phase is QrPhase.Confirmed or QrPhase.BindedRedirect) return qr.Bot!.ToSimBot();
            if (_state.IsExpired(qr)) throw new SimConflictException("qrcode expired");
            if (qr.Phase is QrPhase.VerifyBlocked) throw new SimConflictException("qrcode blocked after wrong verify codes");

            BotAccount bot;
            if (!string.IsNullOrEmpty(sameBotAs))
            {
                if (!_state.Bots.TryGetValue(sameBotAs, out var existing)) throw new SimNotFoundException("unknown bot " + sameBotAs);
                bot = existing;
                if (!bot.Revoked && qr.LocalTokens.Contains(bot.Token, StringComparer.Ordinal))
                {
                    qr.Phase = QrPhase.BindedRedirect;
                    qr.Bot = bot;
                    qr.Changed();
                    return bot.ToSimBot();
                }
                _state.Rebind(bot, userId);
            }
            else
            {
                bot = _state.NewBot(userId);
            }
            qr.Phase = QrPhase.Confirmed;
            qr.Bot = bot;
            qr.ConfirmedToken = bot.Token;
            qr.ConfirmedUserId = bot.UserId;
            qr.Changed();
            return bot.ToSimBot();
        }
    }

    /// <summary>
    /// The answer a poll gets right now, or null to keep holding. Caller holds Sync. <paramref name="verifyCode"/> is
    /// the poll's verify_code, consumed here so one wrong code counts once.
    /// </summary>
    public QrAnswer? Evaluate(QrSession qr, string? verifyCode)
    {
        switch (qr.Phase)
        {
            case QrPhase.Confirmed:
                return new QrAnswer("confirmed", qr.ConfirmedToken, qr.Bot!.BotId, qr.ConfirmedUserId);
            case QrPhase.BindedRedirect:
                return new QrAnswer("binded_redirect");
        }
        if (_state.IsExpired(qr)) return new QrAnswer("expired");
        if (qr.Phase == QrPhase.VerifyBlocked) return new QrAnswer("verify_code_blocked");
        if (qr.PendingRedirect)
        {
            qr.PendingRedirect = false;
            return new QrAnswer("scaned_but_redirect", RedirectHost: RedirectHost());
        }
        if (qr.Phase == QrPhase.NeedVerifyCode)
        {
            if (string.IsNullOrEmpty(verifyCode)) return new QrAnswer("need_verifycode");
            if (verifyCode == qr.VerifyCode)
            {
                qr.Phase = QrPhase.Scanned;
                qr.VerifyCode = null;
                qr.Changed();
                qr.ReportedVersion = qr.Version;
                return new QrAnswer("scaned");
            }
            if (++qr.WrongCodes >= MaxWrongCodes)
            {
                qr.Phase = QrPhase.VerifyBlocked;
                qr.Changed();
                return new QrAnswer("verify_code_blocked");
            }
            return new QrAnswer("need_verifycode");
        }
        if (qr.Version != qr.ReportedVersion)
        {
            qr.ReportedVersion = qr.Version;
            return new QrAnswer(qr.StatusWord);
        }
        return null;
    }

    /// <summary>Where scaned_but_redirect sends the client: Options.RedirectHost, else this listener's host:port.</summary>
    public string RedirectHost() =>
        string.IsNullOrWhiteSpace(_state.Options.RedirectHost) ? _state.Root.Authority : _state.Options.RedirectHost!;

    private void Mutate(string code, Action<QrSession> change, bool allowExpired = false)
    {
        lock (_state.Sync)
        {
            var qr = Find(code);
            if (!allowExpired && _state.IsExpired(qr) && qr.Phase is not (QrPhase.Confirmed or QrPhase.BindedRedirect))
                throw new SimConflictException("qrcode expired");
            change(qr);
            qr.Changed();
        }
    }
}
