using System;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;

namespace ClawBot.Core.Auth;

/// <summary>
/// The whole QR bind: fetch a code, poll its status through every state, refresh expired codes up to the limit, follow
/// redirects, ask for verification codes, and return the credentials (or <see cref="LoginResult.AlreadyBound"/>).
/// </summary>
public sealed class QrLoginFlow
{
    /// <summary>Creates a flow over a client without a token.</summary>
    public QrLoginFlow(ILinkClient client, QrLoginOptions options) => throw new NotImplementedException();

    /// <summary>Runs the login. Throws <see cref="Errors.QrLoginException"/> when it ends without a bot.</summary>
    public Task<LoginResult> RunAsync(IQrLoginObserver observer, CancellationToken cancellationToken) => throw new NotImplementedException();
}
