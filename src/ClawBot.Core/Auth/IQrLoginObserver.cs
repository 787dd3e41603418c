using System.Threading;
using System.Threading.Tasks;

namespace ClawBot.Core.Auth;

/// <summary>
/// What a QR login shows the person binding the bot. Called from the login's own thread of control (not necessarily
/// the caller's thread); implementations marshal to their UI as needed.
/// </summary>
public interface IQrLoginObserver
{
    /// <summary>A QR code to show (the first, or a refresh after expiry). <paramref name="number"/> counts from 1.</summary>
    void QrCodeIssued(QrCodeTicket ticket, int number, int maxCodes);

    /// <summary>The code was scanned; the user must confirm on the phone. Called once per code.</summary>
    void Scanned();

    /// <summary>The shown code expired; a new one follows if the limit allows.</summary>
    void Expired(int number, int maxCodes);

    /// <summary>Status polling moved to another host (secret-free host name).</summary>
    void Redirected(string host);

    /// <summary>
    /// The phone shows digits the user must type. Return them, or null when none can be had (non-interactive host),
    /// which ends the login with <see cref="Errors.QrLoginFailure.VerifyCodeUnavailable"/>.
    /// </summary>
    Task<string?> RequestVerifyCodeAsync(bool previousWasWrong, CancellationToken cancellationToken);
}
