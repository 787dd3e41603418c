using System.Diagnostics;

namespace ClawBot.Pwsh.Tests.Support;

/// <summary>
/// Programs the tests drive that come from Debian's packages. CI machines start with only the .NET SDK and run as root,
/// so a missing one is installed there; elsewhere the test fails saying what to install.
/// </summary>
internal static class DebianPackages
{
    private static readonly object Gate = new();

    /// <summary>The full path of <paramref name="program"/>, installing <paramref name="package"/> first if need be.</summary>
    public static string Require(string program, string package)
    {
        lock (Gate)
        {
            if (Find(program) is { } found) return found;
            if (Environment.UserName == "root" && Find("apt-get") is not null)
            {
                Run("apt-get", "update", "-qq");
                Run("apt-get", "install", "-y", "-qq", package);
                if (Find(program) is { } installed) return installed;
            }
            throw new InvalidOperationException($"This test needs '{program}': install Debian's package '{package}' (apt-get install {package}).");
        }
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err.Result}");
    }
}
