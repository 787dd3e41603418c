using System.Security.Cryptography;

namespace ClawBot.Simulator.State;

/// <summary>Random identifiers in the shapes the real service uses (PROTOCOL.md §3.2, §5).</summary>
public static class Ids
{
    private static long _messageCounter;

    /// <summary>Lowercase hex of <paramref name="bytes"/> random bytes.</summary>
    public static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    /// <summary>URL-safe base64 of random bytes: opaque tokens and parameters.</summary>
    public static string Opaque(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// A CDN upload or download parameter. With <paramref name="urlUnsafe"/> it is standard base64 that always holds
    /// '+', '/' and '=', so only a client that escapes it fully (PROTOCOL.md §7.3) builds a URL that works; otherwise
    /// it is URL-safe.
    /// </summary>
    public static string Param(bool urlUnsafe)
    {
        if (!urlUnsafe) return Opaque(36);
        // 35 bytes: 47 characters and one '=' of padding; two characters forced to '+' and '/'.
        var chars = Convert.ToBase64String(RandomNumberGenerator.GetBytes(35)).ToCharArray();
        chars[5] = '+';
        chars[11] = '/';
        return new string(chars);
    }

    /// <summary>A bot id: <c>&lt;hex&gt;@im.bot</c>.</summary>
    public static string BotId() => Hex(6) + "@im.bot";

    /// <summary>A WeChat user id: <c>o9x…@im.wechat</c>.</summary>
    public static string UserId() => "o9x" + Opaque(12) + "@im.wechat";

    /// <summary>
    /// A unique uint64 message id above 2^53, so clients that parse ids as doubles lose precision (SIM-09).
    /// </summary>
    public static ulong MessageId()
    {
        ulong n = (ulong)Interlocked.Increment(ref _messageCounter);
        return 7_360_000_000_000_000_000UL + n * 1000UL + (ulong)RandomNumberGenerator.GetInt32(1000);
    }
}
