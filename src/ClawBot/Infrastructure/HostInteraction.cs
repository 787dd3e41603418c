using System;
using System.Management.Automation;

namespace ClawBot.Infrastructure;

/// <summary>
/// Whether a person can see and answer this PowerShell: not when it runs with -NonInteractive, with its input or output
/// redirected (a scheduled task, cron, CI, a container without a terminal), in a thread job, or in a runspace without a
/// host (the "Default Host" of an application that hosts PowerShell).
/// </summary>
internal static class HostInteraction
{
    public static bool IsInteractive(PSCmdlet cmdlet)
    {
        var host = cmdlet.Host;
        if (host is null || host.Name is "Default Host" or "ThreadJobHost") return false; // a hosted runspace, Start-ThreadJob
        if (host.Name != "ConsoleHost") return true; // an editor, a remote session or another host with a UI of its own
        return !Console.IsInputRedirected && !Console.IsOutputRedirected && !StartedNonInteractive();
    }

    /// <summary>Why not, for error messages.</summary>
    public static string Describe(PSCmdlet cmdlet)
    {
        var host = cmdlet.Host;
        if (host is null || host.Name is "Default Host" or "ThreadJobHost") return "it runs without a console (a job or a hosted runspace)";
        if (StartedNonInteractive()) return "pwsh was started with -NonInteractive";
        if (Console.IsInputRedirected || Console.IsOutputRedirected) return "its input or output is redirected (a scheduled job, a pipe, a log file)";
        return "it is not interactive";
    }

    // pwsh's own switch, in any of the abbreviations it accepts (-noni, -NonInteractive, …), before the argument that
    // starts the command or file (everything after that belongs to the script).
    private static bool StartedNonInteractive()
    {
        var args = Environment.GetCommandLineArgs();
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i].TrimStart('-', '/').ToLowerInvariant();
            if (a.Length == 0) continue;
            if (a.Length >= 4 && "noninteractive".StartsWith(a, StringComparison.Ordinal)) return true;
            if (a is "c" or "f" or "file" or "command" or "e" or "ec" or "encodedcommand" || a.StartsWith("com", StringComparison.Ordinal)) return false;
        }
        return false;
    }
}
