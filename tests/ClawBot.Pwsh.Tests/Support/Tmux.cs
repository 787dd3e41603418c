using System.Diagnostics;

namespace ClawBot.Pwsh.Tests.Support;

/// <summary>
/// A real terminal: a tmux server of its own (its own socket) running one command in a pane of a fixed size, which
/// the test types into (send-keys) and reads back with colours (capture-pane -e).
/// </summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _tmux;
    private readonly string _socket = "clawbot-" + Guid.NewGuid().ToString("n")[..12];

    private Tmux(string tmux) => _tmux = tmux;

    /// <summary>Starts <paramref name="command"/> (file and arguments) in a new pane with the given environment.</summary>
    public static Tmux Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, int width = 160, int height = 70)
    {
        var tmux = new Tmux(DebianPackages.Require("tmux", "tmux"));
        var args = new List<string> { "new-session", "-d", "-s", "main", "-x", width.ToString(), "-y", height.ToString() };
        foreach (var (k, v) in environment) { args.Add("-e"); args.Add($"{k}={v}"); }
        args.AddRange(command);
        tmux.Run(args.ToArray());
        // Keep the pane (and what it shows) after the command ends, so a failure can still be read.
        tmux.Run("set-option", "-t", "main", "remain-on-exit", "on");
        return tmux;
    }

    /// <summary>Types text, then Enter when asked.</summary>
    public void Type(string text, bool enter = true)
    {
        Run("send-keys", "-t", "main", "-l", text);
        if (enter) Run("send-keys", "-t", "main", "Enter");
    }

    /// <summary>What the pane shows, with its colours as SGR escape codes and its trailing spaces (painted ones matter).</summary>
    public string Screen() => Run("capture-pane", "-t", "main", "-p", "-e", "-N", "-S", "-", "-E", "-");

    /// <summary>Waits until the screen holds <paramref name="text"/>; the guard only stops a hang.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? hangGuard = null)
    {
        var deadline = DateTime.UtcNow + (hangGuard ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var screen = Screen();
            if (screen.Contains(text, StringComparison.Ordinal)) return screen;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The terminal never showed '{text}'. It shows:\n{screen}");
            await Task.Delay(100);
        }
    }

    private string Run(params string[] args)
    {
        var info = new ProcessStartInfo(_tmux) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {stderr.Result}");
        return stdout.Result;
    }

    public void Dispose()
    {
        try { Run("kill-server"); } catch (InvalidOperationException) { /* already gone */ }
    }
}
