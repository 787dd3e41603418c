namespace ClawBot.Bench;

/// <summary>
/// <c>ClawBot.E2E run [options]</c> orchestrates the whole bench (see <see cref="Orchestrator"/>);
/// <c>ClawBot.E2E worker job.json</c> is one ClawBot core workload run, started by the orchestrator.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "worker")
        {
            var result = await CoreWorker.RunAsync(Job.Load(args[1]));
            result.Print();
            return 0;
        }
        if (args.Length >= 1 && args[0] == "run")
            return await new Orchestrator(Settings.Parse(args[1..])).RunAsync();

        Console.Error.WriteLine("usage: ClawBot.E2E run [--runs N] [--messages N] [--sends N] [--seed-sends N] [--seed-messages N] [--file-mib N] [--alerts N] [--only w1,w2] --module PSD1 --pshost DLL --harness PY --seed-dir DIR " +
                                "--node NODE --official-harness MJS --official-dir DIR --pwsh PWSH.DLL --alert-floor DLL [--python PATH] [--out DIR] [--diagnose]");
        return 2;
    }
}

/// <summary>Command-line settings of a bench run.</summary>
public sealed class Settings
{
    public int Runs { get; set; } = 5;
    // Long enough that one-off costs (process start, JIT, opening the stream) stop deciding the ratios: at 20 000 texts
    // and 2 000 sends they moved by ±20 % from run to run (BENCHMARKS.md).
    public int Messages { get; set; } = 100_000;
    public int Sends { get; set; } = 10_000;
    /// <summary>The seed receives ~3 000 messages/s: fewer keep its cell short; its rate is per message all the same.</summary>
    public int SeedMessages { get; set; } = 20_000;
    /// <summary>The seed opens a connection per send (~40/s): fewer sends keep its cell short; its rate is per message all the same.</summary>
    public int SeedSends { get; set; } = 400;
    /// <summary>One-shot alerts (and bare pwsh starts) per run, alternating; the run's figure is their median.</summary>
    public int Alerts { get; set; } = 3;
    public int FileMiB { get; set; } = 20;
    public HashSet<string> Only { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Only these variants (while iterating on one comparison); empty = all.</summary>
    public HashSet<string> Variants { get; set; } = new(StringComparer.Ordinal);
    public string Module { get; set; } = "";
    public string PsHost { get; set; } = "";
    public string Harness { get; set; } = "";
    public string SeedDir { get; set; } = "";
    public string Python { get; set; } = "/usr/bin/python3";
    public string Node { get; set; } = "";
    public string OfficialHarness { get; set; } = "";
    public string OfficialDir { get; set; } = "";
    public string Pwsh { get; set; } = "";
    /// <summary>The floor module of the one-shot alert (bench/ClawBot.E2E.AlertFloor).</summary>
    public string AlertFloor { get; set; } = "";
    public string Out { get; set; } = "";
    public bool Diagnose { get; set; }

    public bool Includes(string workload) => Only.Count == 0 || Only.Contains(workload);

    public static Settings Parse(string[] args)
    {
        var s = new Settings();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
            switch (args[i])
            {
                case "--runs": s.Runs = int.Parse(Next()); break;
                case "--messages": s.Messages = int.Parse(Next()); break;
                case "--sends": s.Sends = int.Parse(Next()); break;
                case "--seed-sends": s.SeedSends = int.Parse(Next()); break;
                case "--seed-messages": s.SeedMessages = int.Parse(Next()); break;
                case "--alerts": s.Alerts = int.Parse(Next()); break;
                case "--node": s.Node = Path.GetFullPath(Next()); break;
                case "--official-harness": s.OfficialHarness = Path.GetFullPath(Next()); break;
                case "--official-dir": s.OfficialDir = Path.GetFullPath(Next()); break;
                case "--pwsh": s.Pwsh = Path.GetFullPath(Next()); break;
                case "--alert-floor": s.AlertFloor = Path.GetFullPath(Next()); break;
                case "--file-mib": s.FileMiB = int.Parse(Next()); break;
                case "--only": s.Only = new HashSet<string>(Next().Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal); break;
                case "--variants": s.Variants = new HashSet<string>(Next().Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal); break;
                case "--module": s.Module = Path.GetFullPath(Next()); break;
                case "--pshost": s.PsHost = Path.GetFullPath(Next()); break;
                case "--harness": s.Harness = Path.GetFullPath(Next()); break;
                case "--seed-dir": s.SeedDir = Path.GetFullPath(Next()); break;
                case "--python": s.Python = Next(); break;
                case "--out": s.Out = Path.GetFullPath(Next()); break;
                case "--diagnose": s.Diagnose = true; break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }
        foreach (var (name, path) in new[] { ("--module", s.Module), ("--pshost", s.PsHost), ("--harness", s.Harness), ("--node", s.Node), ("--official-harness", s.OfficialHarness), ("--pwsh", s.Pwsh), ("--alert-floor", s.AlertFloor) })
            if (!File.Exists(path)) throw new ArgumentException($"{name}: '{path}' not found");
        if (!File.Exists(Path.Combine(s.SeedDir, "clawbot_seed.py"))) throw new ArgumentException($"--seed-dir: no clawbot_seed.py in '{s.SeedDir}'");
        if (!File.Exists(Path.Combine(s.OfficialDir, "dist", "src", "api", "api.js"))) throw new ArgumentException($"--official-dir: no dist/src/api/api.js in '{s.OfficialDir}'");
        if (s.Out.Length == 0) s.Out = Path.GetFullPath("bench/results");
        return s;
    }
}
