namespace ClawBot;

/// <summary>
/// Shows text that came from WeChat (a sender's message, a file name, a user id) without letting it act on the
/// terminal: control characters become their control pictures (ESC as ␛), invisible and reordering characters become
/// &lt;U+XXXX&gt;. Every ClawBot view uses it; the objects keep the exact text (<c>$message.Text</c>). Scripts that print
/// such text themselves can use it too: <c>[ClawBot.VisibleText]::Of($message.Text)</c>.
/// </summary>
public static class VisibleText
{
    /// <summary>A block of text: line breaks and tabs kept.</summary>
    public static string Of(string? text) => Core.Text.VisibleText.Of(text);

    /// <summary>One line (a table cell): white space, line breaks included, folded to single spaces.</summary>
    public static string Line(string? text) => Core.Text.VisibleText.Line(text);
}
