using System.Globalization;
using System.Text;

namespace ClawBot.Core.Errors;

/// <summary>
/// Text a server chose (an <c>errmsg</c>, a CDN's <c>x-error-message</c>) made fit for an exception message, which
/// ends up in a terminal and in logs: bounded, and with nothing that moves the cursor, rings, rewrites the screen
/// (ANSI escapes start with a control character) or reorders what is shown (bidi overrides are format characters).
/// </summary>
internal static class ServerText
{
    /// <summary>The most UTF-16 units kept.</summary>
    public const int MaxChars = 200;

    /// <summary>
    /// Controls, format characters, line separators and lone surrogates become spaces; the text is cut at
    /// <see cref="MaxChars"/> (never inside a surrogate pair) and trimmed. Empty when nothing printable is left.
    /// </summary>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var chars = new StringBuilder(System.Math.Min(text!.Length, MaxChars));
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (chars.Length + width > MaxChars) break;
            if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(text, i))) chars.Append(text, i, width);
            else chars.Append(' ');
            i += width - 1;
        }
        return chars.ToString().Trim();
    }

    // A lone surrogate counts as unprintable: it is what a split pair or a hostile encoder leaves.
    private static bool IsPrintable(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
