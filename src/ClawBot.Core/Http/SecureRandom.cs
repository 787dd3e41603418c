using System;
using System.Security.Cryptography;

namespace ClawBot.Core.Http;

/// <summary>
/// Cryptographically random 32-bit values for the per-request UIN and client ids, taken from a buffer refilled 1 KiB at
/// a time: each draw from the system generator is a system call of several µs, and a send needs two.
/// </summary>
internal static class SecureRandom
{
    private static readonly RandomNumberGenerator Generator = RandomNumberGenerator.Create();
    private static readonly byte[] Buffer = new byte[1024];
    private static readonly object Gate = new();
    private static int _next = Buffer.Length;

    /// <summary>Four fresh random bytes.</summary>
    public static byte[] NextBytes4()
    {
        var bytes = new byte[4];
        lock (Gate)
        {
            if (_next > Buffer.Length - 4)
            {
                Generator.GetBytes(Buffer);
                _next = 0;
            }
            System.Buffer.BlockCopy(Buffer, _next, bytes, 0, 4);
            // Bytes handed out are wiped: nothing drawn stays in memory longer than its use.
            Array.Clear(Buffer, _next, 4);
            _next += 4;
        }
        return bytes;
    }
}
