using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace ClawBot.Qr;

/// <summary>
/// What the console can show: ANSI colours as <c>$PSStyle.OutputRendering</c> says (PlainText never, Ansi always,
/// Host when the host supports them and, for the console host, its output is not redirected), and whether its
/// background is light.
/// </summary>
internal static class ConsoleStyle
{
    public static QrTextStyle ForQr(PSCmdlet cmdlet)
    {
        if (UsesAnsi(cmdlet)) return QrTextStyle.Ansi;
        return HasLightBackground(cmdlet.Host) ? QrTextStyle.PlainOnLight : QrTextStyle.PlainOnDark;
    }

    public static bool UsesAnsi(PSCmdlet cmdlet)
    {
        var rendering = OutputRendering(cmdlet);
        if (string.Equals(rendering, "PlainText", StringComparison.OrdinalIgnoreCase)) return false;
        if (string.Equals(rendering, "Ansi", StringComparison.OrdinalIgnoreCase)) return true;
        var host = cmdlet.Host;
        if (host?.UI?.SupportsVirtualTerminal != true) return false;
        // A redirected console (a log file, a pipe to another program) gets no escape codes; other hosts (an editor,
        // a test host) render what they are given.
        return host.Name != "ConsoleHost" || !Console.IsOutputRedirected;
    }

    // $PSStyle (PowerShell 7.2+) is not in the reference assemblies this module compiles against: read it by name.
    private static string? OutputRendering(PSCmdlet cmdlet)
    {
        var style = cmdlet.SessionState.PSVariable.GetValue("PSStyle");
        return style is null ? null : PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value?.ToString();
    }

    /// <summary>
    /// True when the console says its background is lighter than its text: the host's colours when it reports them
    /// (Windows consoles do), else COLORFGBG ("fg;bg", set by several terminals). Unknown counts as dark, the default
    /// of most terminals.
    /// </summary>
    public static bool HasLightBackground(PSHost? host)
    {
        try
        {
            var raw = host?.UI?.RawUI;
            if (raw is not null && IsColor(raw.BackgroundColor) && IsColor(raw.ForegroundColor) && raw.BackgroundColor != raw.ForegroundColor)
                return Luminance((int)raw.BackgroundColor) > Luminance((int)raw.ForegroundColor);
        }
        catch (Exception e) when (e is NotImplementedException or PSNotImplementedException or HostException or NotSupportedException)
        {
            // A host without raw UI: fall through to what the environment says.
        }
        var fgbg = Environment.GetEnvironmentVariable("COLORFGBG")?.Split(';');
        if (fgbg is { Length: >= 2 } && int.TryParse(fgbg[0], out var fg) && int.TryParse(fgbg[fgbg.Length - 1], out var bg)
            && fg is >= 0 and < 16 && bg is >= 0 and < 16 && fg != bg)
            return Luminance(AnsiToConsoleColor(bg)) > Luminance(AnsiToConsoleColor(fg));
        return false;
    }

    private static bool IsColor(ConsoleColor c) => (int)c is >= 0 and < 16;

    // ConsoleColor order: Black, DarkBlue, DarkGreen, DarkCyan, DarkRed, DarkMagenta, DarkYellow, Gray, DarkGray, Blue,
    // Green, Cyan, Red, Magenta, Yellow, White. Rough relative luminance of the classic console palette.
    private static readonly int[] LuminanceByConsoleColor = { 0, 10, 47, 57, 22, 32, 68, 75, 50, 36, 132, 150, 77, 91, 182, 255 };

    private static int Luminance(int consoleColor) => LuminanceByConsoleColor[consoleColor];

    // ANSI colour numbers (0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white; +8 bright) as ConsoleColor.
    private static readonly int[] ConsoleColorByAnsi = { 0, 4, 2, 6, 1, 5, 3, 7, 8, 12, 10, 14, 9, 13, 11, 15 };

    private static int AnsiToConsoleColor(int ansi) => ConsoleColorByAnsi[ansi];
}
