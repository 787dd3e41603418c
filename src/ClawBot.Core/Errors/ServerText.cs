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
    /// On one line, with whatever could act on a terminal shown instead (<see cref="Text.VisibleText.Line"/>), cut at
    /// <see cref="MaxChars"/> (never inside a surrogate pair). Empty when nothing is left.
    /// </summary>
    public static string Printable(string? text)
    {
        var line = Text.VisibleText.Line(text);
        if (line.Length <= MaxChars) return line;
        var cut = char.IsHighSurrogate(line[MaxChars - 1]) ? MaxChars - 1 : MaxChars;
        return line.Substring(0, cut).TrimEnd();
    }
}
