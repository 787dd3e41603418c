using System;
using System.Security.Cryptography;

namespace ClawBot.Core.Messaging;

/// <summary>
/// Fresh <c>client_id</c>s in the official format <c>openclaw-weixin:&lt;epoch-ms&gt;-&lt;8 hex&gt;</c>. The service
/// silently drops a message whose id it has seen, so every message, chunk and caption needs its own.
/// </summary>
internal static class ClientIds
{
    public static string New()
    {
        var bytes = new byte[4];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
        return $"openclaw-weixin:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{Hex.Lower(bytes)}";
    }
}
