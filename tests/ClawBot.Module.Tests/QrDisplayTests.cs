using ClawBot.Module.Tests.Support;
using ClawBot.Tests.Shared;

namespace ClawBot.Module.Tests;

/// <summary>
/// The QR code Connect-ClawBot writes, taken as the exact text of its information record, drawn as a terminal would
/// draw it (half blocks, SGR colours, the theme's own colours) and decoded by a real QR decoder: it must read back as
/// the deep link with and without ANSI colours, on dark and on light consoles.
/// </summary>
public sealed class QrDisplayTests : ModuleTest
{
    public static TheoryData<string, bool, string> Cases() => new()
    {
        // rendering, the host renders ANSI, theme
        { "Host", true, "dark" },
        { "Host", true, "light" },
        { "PlainText", true, "dark" },   // $PSStyle.OutputRendering = 'PlainText' (or NO_COLOR) wins over the host
        { "PlainText", true, "light" },
        { "Host", false, "dark" },       // a host without virtual-terminal support
        { "Host", false, "light" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_terminal_QR_code_scans_to_the_deep_link(string rendering, bool virtualTerminal, string themeName)
    {
        var theme = themeName == "dark" ? TerminalTheme.Dark : TerminalTheme.Light;
        // The console reports its colours as a Windows console does (a Linux console reports none: COLORFGBG, or dark).
        var host = themeName == "dark"
            ? new ThemedHost(virtualTerminal, ConsoleColor.Gray, ConsoleColor.Black)
            : new ThemedHost(virtualTerminal, ConsoleColor.Black, ConsoleColor.White);
        var ps = NewRunspace(host);

        var run = ps.Run($"$PSStyle.OutputRendering = '{rendering}'; Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn");

        run.AssertNoErrors();
        var link = (await Control.QrCodesAsync()).Single().Content;
        var qrText = run.Information.Select(i => i.MessageData.ToString()!).Single(t => t.Contains('\u2580') || t.Contains('\u2584'));
        var ansi = qrText.Contains('\u001b');
        Assert.Equal(rendering == "Host" && virtualTerminal, ansi);

        var pixels = TerminalScreen.Render(qrText, theme);
        Assert.True(QrScan.Decode(pixels) == link, $"The QR code does not scan on a {theme} console:\n{TerminalScreen.Sketch(pixels)}");
        if (!ansi)
        {
            // The same text on the other theme is the negative of the code: proof that the polarity was chosen.
            var other = theme == TerminalTheme.Dark ? TerminalTheme.Light : TerminalTheme.Dark;
            Assert.Null(QrScan.Decode(TerminalScreen.Render(qrText, other)));
        }
    }
}
