using System;
using System.Collections.Generic;

namespace ClawBot.Core.Auth;

/// <summary>The limits of one QR login (defaults are the official client's).</summary>
public sealed class QrLoginOptions
{
    /// <summary>Codes shown at most: the first plus refreshes.</summary>
    public int MaxQrCodes { get; set; } = 3;
    /// <summary>The whole login's deadline.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(480);
    /// <summary>Pause between status polls (not after need_verifycode, which is answered at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Timeout of one status long-poll; a timeout counts as <c>wait</c>.</summary>
    public TimeSpan StatusTimeout { get; set; } = TimeSpan.FromSeconds(35);
    /// <summary>The most recent stored bot tokens, newest first (at most 10 are sent), so the service can say <c>binded_redirect</c>.</summary>
    public IReadOnlyList<string> LocalTokens { get; set; } = Array.Empty<string>();
}
