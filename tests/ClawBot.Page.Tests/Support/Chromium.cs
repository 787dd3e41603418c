using ClawBot.Pwsh.Tests.Support;

namespace ClawBot.Page.Tests.Support;

/// <summary>
/// Debian's chromium, the browser Playwright drives here (it cannot download its own): CLAWBOT_CHROMIUM when set, else
/// the package's program, installed first where the tests run as root with apt-get (CI); elsewhere the fixture fails
/// naming the package.
/// </summary>
internal static class Chromium
{
    public const string PathVariable = "CLAWBOT_CHROMIUM";

    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrWhiteSpace(configured)) return DebianPackages.Require("chromium", "chromium");
        return File.Exists(configured) ? configured : throw new InvalidOperationException($"{PathVariable} names '{configured}', which does not exist.");
    }
}
