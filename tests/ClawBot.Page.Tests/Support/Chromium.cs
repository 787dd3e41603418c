using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ClawBot.Page.Tests.Support;

/// <summary>
/// Finds Debian's chromium, the browser Playwright drives here (it cannot download its own). When it is missing and
/// the tests run as root where apt-get exists (CI), installs the package; otherwise fails naming the package.
/// </summary>
internal static class Chromium
{
    public const string Package = "chromium";
    public const string PathVariable = "CLAWBOT_CHROMIUM";

    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"{PathVariable} names '{configured}', which does not exist.");
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    public static async Task<string> EnsureAsync()
    {
        if (Find() is { } found) return found;
        const string apt = "/usr/bin/apt-get";
        if (!OperatingSystem.IsLinux() || !File.Exists(apt) || geteuid() != 0)
            throw new InvalidOperationException(
                $"The chat page tests drive Debian's '{Package}' browser, which is not installed. Install it (as root: " +
                $"apt-get install -y {Package}) or set {PathVariable} to a Chromium executable. The tests install it " +
                "themselves only when they run as root where apt-get exists.");
        var log = new System.Text.StringBuilder();
        await RunAsync(apt, "update", log);
        await RunAsync(apt, $"install -y {Package}", log);
        return Find() ?? throw new InvalidOperationException($"apt-get installed '{Package}' but no chromium executable was found.\n{Tail(log)}");
    }

    private static async Task RunAsync(string file, string arguments, System.Text.StringBuilder log)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(20)); // a hang guard for a stuck mirror
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{file} {arguments}' did not finish in 20 minutes.\n{Tail(log)}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {arguments}' failed with exit code {process.ExitCode} while installing '{Package}'.\n{Tail(log)}");
    }

    private static string Tail(System.Text.StringBuilder log)
    {
        var lines = log.ToString().Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();
}
