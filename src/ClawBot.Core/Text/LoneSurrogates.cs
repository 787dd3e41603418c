namespace ClawBot.Core.Text;

/// <summary>
/// A UTF-16 string can hold half of a surrogate pair; UTF-8 cannot, and the JSON sent to the service is UTF-8, where it
/// would silently become U+FFFD. Text with one is refused instead of changed.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>The index of the first lone surrogate, or -1.</summary>
    public static int IndexIn(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                return i;
            }
            if (char.IsLowSurrogate(text[i])) return i;
        }
        return -1;
    }

    /// <summary>Throws <see cref="System.ArgumentException"/> naming where, when <paramref name="text"/> holds one.</summary>
    public static void Refuse(string text, string parameterName, string what)
    {
        var at = IndexIn(text);
        if (at < 0) return;
        throw new System.ArgumentException(
            $"The {what} holds half of a surrogate pair (U+{(int)text[at]:X4} at position {at + 1}), which is not valid Unicode and cannot be sent as it is; remove it or complete the pair.",
            parameterName);
    }
}
