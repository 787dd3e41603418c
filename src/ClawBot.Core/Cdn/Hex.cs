using System;

namespace ClawBot.Core;

/// <summary>Lowercase hex, which netstandard2.0 lacks.</summary>
internal static class Hex
{
    public static string Lower(byte[] bytes)
    {
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digit(bytes[i] >> 4);
            chars[2 * i + 1] = Digit(bytes[i] & 0xF);
        }
        return new string(chars);
    }

    /// <summary>Decodes hex of either case; null when <paramref name="text"/> is not even-length hex.</summary>
    public static byte[]? TryDecode(string? text)
    {
        if (text is null || text.Length % 2 != 0) return null;
        var bytes = new byte[text.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = Value(text[2 * i]);
            var lo = Value(text[2 * i + 1]);
            if (hi < 0 || lo < 0) return null;
            bytes[i] = (byte)((hi << 4) | lo);
        }
        return bytes;
    }

    private static char Digit(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
