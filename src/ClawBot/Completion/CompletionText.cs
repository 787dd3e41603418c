namespace ClawBot.Completion;

/// <summary>Quoting rules shared by the completers.</summary>
internal static class CompletionText
{
    public static string Unquote(string word) => word.Trim('\'', '"');

    // Ids contain '@', which PowerShell reads as splatting at the start of a bare word.
    public static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '@', '$', '`', '\'', '"', '(', ')', '{', '}', ',', ';', '#' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
