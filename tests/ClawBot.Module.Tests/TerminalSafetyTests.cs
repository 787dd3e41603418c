using System.Globalization;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>
/// A WeChat user who writes to the bot must not be able to drive the terminal of whoever looks at the messages: escape
/// sequences in message text, quotes, file names and user ids reach no view, no ToString and no error raw, while the
/// objects keep the exact text.
/// </summary>
public sealed class TerminalSafetyTests : ModuleTest, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-escapes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>What a hostile sender might try: set the title, write the clipboard, clear, recolour, overwrite, reorder.</summary>
    public static readonly string[] Corpus =
    {
        "\u001b]2;pwned title\u0007",
        "\u001b]52;c;aGVsbG8=\u0007",
        "\u001b[2J\u001b[H",
        "\u001b[31mred\u001b[0m",
        "\u009b2J",
        "\u001bPq#0;2;0;0;0\u001b\\",
        "line\rOVERWRITTEN",
        "back\b\b\bspace",
        "bell\u0007",
        "\u202Egnp.exe",
        "zero\u200Bwidth",
        "para\u2028graph",
        "del\u007f",
    };

    private static string Hostile => string.Join(" | ", Corpus);

    /// <summary>Characters that act on a terminal or reorder text: all of them must be gone from what is shown.</summary>
    private static void AssertInert(string label, string shown)
    {
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            var bad = (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)
                || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            Assert.False(bad, $"{label}: U+{(int)c:X4} at {i} in:\n{shown}");
        }
    }

    [Fact]
    public async Task Escape_sequences_from_senders_reach_no_view_string_or_error_raw()
    {
        var (bot, user) = Connect();
        var evil = "evil" + Corpus[0] + Corpus[4] + "@im.wechat";
        var text = await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, Text = Hostile });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = evil, Text = "hello from a strange id" });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.File, FileName = "re" + Corpus[3] + "port" + Corpus[9] + ".pdf", Content = new byte[] { 1, 2, 3 } });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = evil, Text = "look" + Corpus[1], QuoteMessageId = text.MessageId });
        await Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-download", Kind = SimFaultKind.Status, Status = 404, Count = 1 });
        Ps.Set("dir", _dir);

        var run = Ps.Run("""
            $PSStyle.OutputRendering = 'PlainText'   # PowerShell's own colours aside, nothing may be left
            $m = Receive-ClawMessage -First 4 -Timeout 20
            $m | Out-String
            $m | Format-Table | Out-String
            $m | Format-List | Out-String
            $m.Attachments | Out-String
            $m.Attachments | Format-List | Out-String
            $m.Quote | Where-Object { $_ } | Out-String
            $m.Quote | Where-Object { $_ } | Format-List | Out-String
            Get-ClawContact | Out-String
            Get-ClawContact | Format-List | Out-String
            $m | ForEach-Object { "$_" }
            "$($m.Attachments)"; "$($m.Quote)"; "$(Get-ClawContact)"
            $m | Save-ClawAttachment -Destination $dir -ErrorVariable failed | Out-Null
            $failed | Out-String
            $m | Where-Object From -like 'evil*' | Send-ClawMessage -To { $_.From + 'x' } -Text 'x' -ErrorVariable refused
            $refused | Out-String
            """);

        Assert.Null(run.Terminating);
        var shown = run.Output.Select(o => o.ToString()).ToList();
        Assert.True(shown.Count >= 15, $"{shown.Count} outputs");
        for (var i = 0; i < shown.Count; i++) AssertInert($"output {i}", shown[i]);
        foreach (var e in run.Errors) AssertInert("error", e.ToString());
        foreach (var w in run.Warnings) AssertInert("warning", w);
        Assert.NotEmpty(run.Errors); // the failed download and the refused send were reported, inertly

        // Shown, not hidden: the escape character appears as its control picture.
        Assert.Contains("\u241b]2;pwned title\u2407", shown[2]);
        // The objects keep the exact text.
        var objects = Ps.Run("$m | ForEach-Object { $_.Text }; $m.Attachments.FileName; $m.From").Output.Select(o => o.ToString()).ToList();
        Assert.Contains(Hostile, objects);
        Assert.Contains(evil, objects);
    }

    [Fact]
    public void The_visible_text_helper_keeps_ordinary_text_as_it_is()
    {
        var run = Ps.Run("""
            [ClawBot.VisibleText]::Of("你好 😀 naïve`nsecond line`tand a tab")
            [ClawBot.VisibleText]::Line("a`n  b`r`nc")
            [ClawBot.VisibleText]::Of("`e[31m")
            [ClawBot.VisibleText]::Of("coder: `u{1F469}`u{200D}`u{1F4BB}, hidden: `u{E0041}`u{E0042}")
            """);
        run.AssertNoErrors();
        Assert.Equal(new[] { "你好 😀 naïve\nsecond line\tand a tab", "a b c", "\u241b[31m", "coder: 👩\u200d💻, hidden: <U+E0041><U+E0042>" }, run.Output.Select(o => o.ToString()));
    }
}
