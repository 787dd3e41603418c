using System.Globalization;
using System.Text;

namespace ClawBot.Core.Text;

/// <summary>
/// Text that came from the service (a message, a file name, a user id, an error text) made fit to print in a terminal:
/// nothing in it may move the cursor, clear the screen, set the title, write the clipboard or reorder what is shown,
/// yet what it holds stays visible. Control characters become their Unicode control pictures (ESC as ␛), and other
/// invisible or reordering characters (C1 controls, format characters such as bidi overrides, line separators, lone
/// surrogates) become &lt;U+XXXX&gt;. The objects keep the exact text; only what is shown changes.
/// </summary>
public static class VisibleText
{
    /// <summary>For a block of text: line breaks and tabs are kept, everything else that could act on the terminal is shown.</summary>
    public static string Of(string? text) => Render(text, singleLine: false);

    /// <summary>For one line (a table cell): every run of white space, line breaks included, becomes one space.</summary>
    public static string Line(string? text) => Render(text, singleLine: true);

    private static string Render(string? text, bool singleLine)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        var lastWasSpace = false;
        for (var i = 0; i < text!.Length; i++)
        {
            var c = text[i];
            string? shown = null;
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (singleLine && (c is '\n' or '\r' or '\t' or '\v' or '\f' || (c == ' ' && lastWasSpace)))
            {
                shown = lastWasSpace ? "" : " ";
            }
            else if (pair)
            {
                // Beyond the BMP too: the tag characters (U+E0000…) are format characters that can hide text.
                var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
                if (IsHidden(category)) shown = "<U+" + char.ConvertToUtf32(c, text[i + 1]).ToString("X5", CultureInfo.InvariantCulture) + ">";
            }
            else if (c is '\n' or '\t' || IsJoiner(c))
            {
                shown = null; // kept as is
            }
            else if (c < 0x20)
            {
                shown = ((char)(0x2400 + c)).ToString(); // ␀ … ␟ (ESC is ␛, CR is ␍)
            }
            else if (c == 0x7F)
            {
                shown = "\u2421"; // ␡
            }
            else if (IsHidden(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                shown = "<U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ">";
            }

            lastWasSpace = singleLine && (shown == " " || shown == "" || (shown is null && c == ' '));
            if (shown is null)
            {
                sb?.Append(c);
                if (pair)
                {
                    sb?.Append(text[i + 1]);
                    i++;
                }
                continue;
            }
            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(shown);
            if (pair) i++;
        }
        var result = sb?.ToString() ?? text;
        return singleLine ? result.Trim() : result;
    }

    // Zero-width joiners and the soft hyphen shape emoji and words (👩‍💻); they move nothing and hide nothing.
    private static bool IsJoiner(char c) => c is '\u200C' or '\u200D' or '\u00AD';

    // C1 controls are Control too; a lone surrogate is Surrogate.
    private static bool IsHidden(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
