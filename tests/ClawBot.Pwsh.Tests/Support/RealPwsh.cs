using System.Diagnostics;
using System.Text;

namespace ClawBot.Pwsh.Tests.Support;

/// <summary>
/// A real pwsh 7.6.9: the repository's local tool (restored once per test run), started through its own pwsh.dll, so
/// the tests never depend on a pwsh installed on the machine and never relaunch the test host's process.
/// </summary>
internal static class RealPwsh
{
    private static readonly Lazy<string> Dll = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The file and leading arguments that start pwsh.</summary>
    public static (string FileName, string[] Arguments) Command => ("dotnet", new[] { Dll.Value });

    private static string Locate()
    {
        Exec("dotnet", Repo.Root, "tool", "restore");
        // `dotnet tool run pwsh` is a launcher; asking it once where PowerShell lives lets every later start skip it.
        var home = Exec("dotnet", Repo.Root, "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME").Trim();
        var dll = Path.Combine(home, "pwsh.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"pwsh.dll not found in '{home}'.");
        return dll;
    }

    private static string Exec(string file, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} hung."); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>A ProcessStartInfo that runs <paramref name="scriptPath"/> in a non-interactive pwsh.</summary>
    public static ProcessStartInfo StartInfo(string scriptPath, IReadOnlyDictionary<string, string?>? environment = null, params string[] scriptArguments)
    {
        var (file, lead) = Command;
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in lead) info.ArgumentList.Add(a);
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-File", scriptPath }) info.ArgumentList.Add(a);
        foreach (var a in scriptArguments) info.ArgumentList.Add(a);
        // A developer's own settings must not leak into what the tests see.
        info.Environment.Remove("CLAWBOT_HOME");
        info.Environment.Remove("CLAWBOT_PROFILE");
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        return info;
    }

    /// <summary>Runs a script to its end and returns what it printed; <paramref name="hangGuard"/> only stops a hang.</summary>
    public static async Task<PwshResult> RunAsync(string script, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? hangGuard = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"clawbot-test-{Guid.NewGuid():n}.ps1");
        await File.WriteAllTextAsync(file, script);
        try
        {
            using var p = Process.Start(StartInfo(file, environment))!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(hangGuard ?? TimeSpan.FromMinutes(10));
            try { await p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { p.Kill(true); throw new TimeoutException($"pwsh hung; it printed: {await stdout}{await stderr}"); }
            return new PwshResult(p.ExitCode, await stdout, await stderr);
        }
        finally { File.Delete(file); }
    }
}

/// <summary>What a pwsh process printed and how it ended.</summary>
internal sealed record PwshResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
