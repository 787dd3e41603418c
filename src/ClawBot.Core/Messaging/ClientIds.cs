using System;

namespace ClawBot.Core.Messaging;

/// <summary>
/// Fresh <c>client_id</c>s in the official format <c>openclaw-weixin:&lt;epoch-ms&gt;-&lt;8 hex&gt;</c>. The service
/// silently drops a message whose id it has seen, so every message, chunk and caption needs its own.
/// </summary>
internal static class ClientIds
{
    public static string New()
    {
        var bytes = Http.SecureRandom.NextBytes4();
        return $"openclaw-weixin:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{Hex.Lower(bytes)}";
    }
}
