using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ClawBot.Bench;

/// <summary>
/// The run as Markdown: per workload, every variant's median and its ratios to the others, each ratio <b>paired within
/// runs</b> (the two figures of one run divided, then the median over runs, with the range), the issue's targets, and
/// every run's raw figures with the machine's load.
/// </summary>
public sealed class Report(Settings settings, IReadOnlyList<RunRecord> records, Dictionary<string, string>? machine = null)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The machine, as described when the run started (load average included).</summary>
    public Dictionary<string, string> Machine { get; } = machine ?? DescribeMachine(settings);

    private static readonly Dictionary<string, string> Names = new()
    {
        ["floor-raw"] = "floor, no parse (HttpClient loop, byte search)",
        ["floor-parse"] = "floor, JSON parse (HttpClient loop, JsonDocument)",
        ["floor"] = "floor (HttpClient POST loop)",
        ["core"] = "ClawBot core",
        ["core-nojournal"] = "ClawBot core, no journal (before issue 12)",
        ["pipeline"] = "ClawBot pipeline",
        ["official"] = "Tencent official 2.4.9 (node)",
        ["seed"] = "seed (python)",
        ["pwsh-exit"] = "`pwsh -NoProfile -c exit`",
        ["alert"] = "ClawBot: `Import-Module; Connect-ClawBot; Send-ClawMessage 'x'`",
        ["alert-floor"] = "floor module: `Import-Module; Send-FloorAlert 'x'`",
        ["alert-irm"] = "no module: `ConvertTo-Json`, `Invoke-RestMethod`",
        ["core-raw"] = "diagnostic: GetUpdatesAsync loop alone (no inbox)",
        ["core-tmpfs"] = "diagnostic: core, profile store on tmpfs",
        ["pipeline-null"] = "diagnostic: `$null = Receive-ClawMessage`",
        ["pipeline-collect"] = "diagnostic: collect, then `| ForEach-Object {}`",
        ["pipeline-tmpfs"] = "diagnostic: pipeline, profile store on tmpfs",
        ["ps-floor"] = "diagnostic: `1..N | ForEach-Object {}` (no ClawBot)",
    };

    public string Markdown()
    {
        var md = new StringBuilder();
        var loads = records.Select(r => r.Load).OfType<double>().DefaultIfEmpty(double.NaN).ToList();
        md.AppendLine($"End-to-end bench, {settings.Runs} runs per cell (the alert: {settings.Alerts} per run, the run's median). " +
                      $"Machine: {Machine["cpu"]}, {Machine["cores"]} cores, {Machine["memory"]}; {Machine["os"]}; {Machine["dotnet"]}; " +
                      $"{Machine["python"]}; node {Machine["node"]}; PowerShell 7.6.9. Run at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
                      $"load average (1/5/15 min) at start {Machine["loadStart"]}, at end {LoadAverage()}; 1-min load when each process started: " +
                      $"median {F(Median(loads), "0.00")}, max {F(loads.Max(), "0.00")}.");
        md.AppendLine();
        md.AppendLine("Ratios are paired: within each run, one variant's figure divided by the other's; the table gives the median over runs and the range (min–max).");
        md.AppendLine();

        Targets(md);

        if (Has("receive"))
        {
            md.AppendLine($"### Receive {settings.Messages:N0} queued texts (the seed: {Math.Min(settings.SeedMessages, settings.Messages):N0}) (messages/s, higher is better)");
            md.AppendLine();
            RateTable(md, "receive", ["floor-raw", "floor-parse", "core", "core-nojournal", "official", "seed"]);
        }
        if (Has("send"))
        {
            md.AppendLine($"### Send {settings.Sends:N0} short texts to one user (the seed: {settings.SeedSends:N0}) (messages/s, higher is better)");
            md.AppendLine();
            RateTable(md, "send", ["floor", "core", "official", "seed"]);
        }
        if (Has("upload")) Upload(md);
        if (Has("coldstart")) ColdStart(md);
        if (Has("alert")) Alert(md);

        md.AppendLine("### Every run");
        md.AppendLine();
        md.AppendLine("Rates in messages/s (CPU µs per message of the client process), times in s or ms, peak extra RSS in MiB; `[load]` is the 1-minute load average when the process started.");
        md.AppendLine();
        md.AppendLine("| workload | variant | runs |");
        md.AppendLine("|---|---|---|");
        foreach (var g in records.GroupBy(r => (r.Workload, r.Variant)))
            md.AppendLine($"| {g.Key.Workload} | {g.Key.Variant} | {string.Join("; ", g.OrderBy(r => r.Run).Select(Brief))} |");
        return md.ToString();
    }

    private void Targets(StringBuilder md)
    {
        md.AppendLine("### Targets (issue 16)");
        md.AppendLine();
        md.AppendLine("| target | paired ratio, median (range) | met |");
        md.AppendLine("|---|---|---|");
        void Target(string what, string workload, string a, string b, Func<RunRecord, double?> pick, Func<double, bool>? ok)
        {
            var r = Paired(workload, a, b, pick);
            if (r.Count == 0) return;
            md.AppendLine($"| {what} | {Ratio(r)} | {(ok is null ? "–" : Met(ok(Median(r))))} |");
        }
        Target("receive: core ≥ 0.8× the parsing floor", "receive", "core", "floor-parse", Rate, x => x >= 0.8);
        Target("receive: pipeline ≥ 0.6× core", "receive", "pipeline", "core", Rate, x => x >= 0.6);
        Target("send: core ≥ 0.75× the floor", "send", "core", "floor", Rate, x => x >= 0.75);
        Target("send: pipeline ≥ 0.6× core", "send", "pipeline", "core", Rate, x => x >= 0.6);
        Target("one-shot alert ≤ 1.25× `pwsh -NoProfile -c exit` (whole process)", "alert", "alert", "pwsh-exit", Wall, x => x <= 1.25);
        Target("(reference, no target) the floor module's alert ÷ `pwsh -NoProfile -c exit`", "alert", "alert-floor", "pwsh-exit", Wall, null);
        var size = settings.FileMiB * 1048576.0;
        foreach (var v in new[] { "core", "pipeline" })
        {
            var peak = PerRun("upload", v, r => r.Result.PeakExtraBytes).Values.Select(p => p / size).ToList();
            if (peak.Count > 0) md.AppendLine($"| upload: {v} peak extra memory ≤ 1.1× the file | {F(Median(peak), "0.00")}× ({F(peak.Min(), "0.00")}–{F(peak.Max(), "0.00")}) | {Met(Median(peak) <= 1.1)} |");
        }
        Target("(issue 12) receive: core with the delivery journal ≥ 0.85× the loop without it", "receive", "core", "core-nojournal", Rate, x => x >= 0.85);
        // Issue 7's targets, kept so a regression shows.
        Target("(issue 7) receive: core ≥ 10× the seed", "receive", "core", "seed", Rate, x => x >= 10);
        Target("(issue 7) receive: pipeline ≥ 3× the seed", "receive", "pipeline", "seed", Rate, x => x >= 3);
        Target("(issue 7) send: core ≥ 3× the seed", "send", "core", "seed", Rate, x => x >= 3);
        Target("(issue 7) send: pipeline ≥ 3× the seed", "send", "pipeline", "seed", Rate, x => x >= 3);
        md.AppendLine();
    }

    /// <summary>One row per variant: median rate, CPU per message, and the paired ratio to each reference.</summary>
    private void RateTable(StringBuilder md, string workload, string[] refs)
    {
        var variants = records.Where(r => r.Workload == workload).Select(r => r.Variant).Distinct().ToList();
        refs = refs.Where(variants.Contains).ToArray();
        md.AppendLine("| variant | messages/s | CPU µs/msg | " + string.Join(" | ", refs.Select(r => "× " + r)) + " |");
        md.AppendLine("|---|---:|---:|" + string.Concat(refs.Select(_ => "---:|")));
        foreach (var v in variants)
        {
            var rate = Median(PerRun(workload, v, Rate).Values.ToList());
            var cpu = Median(PerRun(workload, v, r => r.Result.CpuMs * 1000 / r.Result.Count).Values.ToList());
            var cells = refs.Select(rf => rf == v ? "1" : Ratio(Paired(workload, v, rf, Rate)));
            md.AppendLine($"| {Name(v)} | {F(rate, "N0")} | {F(cpu, "0")} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
    }

    private void Upload(StringBuilder md)
    {
        var size = settings.FileMiB * 1048576.0;
        md.AppendLine($"### Upload one {settings.FileMiB} MiB file (after a 1 KiB warm-up)");
        md.AppendLine();
        md.AppendLine("| variant | seconds | × official (time / time) | × seed (time / time) | peak extra RSS, MiB | × file | GC allocated, MiB |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var v in records.Where(r => r.Workload == "upload").Select(r => r.Variant).Distinct())
        {
            var secs = Median(PerRun("upload", v, r => r.Result.Seconds).Values.ToList());
            // Faster = higher: the reference's time over this variant's, paired.
            var vsOfficial = Paired("upload", "official", v, r => r.Result.Seconds);
            var vsSeed = Paired("upload", "seed", v, r => r.Result.Seconds);
            var peak = Median(PerRun("upload", v, r => r.Result.PeakExtraBytes).Values.ToList());
            var gc = Median(PerRun("upload", v, r => r.Result.GcAllocatedBytes).Values.ToList());
            md.AppendLine($"| {Name(v)} | {F(secs, "0.000")} | {(v == "official" ? "1" : Ratio(vsOfficial))} | {(v == "seed" ? "1" : Ratio(vsSeed))} | {F(peak / 1048576, "0.0")} | {F(peak / size, "0.00")} | {F(gc / 1048576, "0.0")} |");
        }
        md.AppendLine();
    }

    private void ColdStart(StringBuilder md)
    {
        md.AppendLine("### Cold start: load the client and make one authenticated call (ms, lower is better)");
        md.AppendLine();
        md.AppendLine("ClawBot: `Import-Module` + `Connect-ClawBot` (stored profile; its call is `msg/notifystart`) in a hosted engine already open; official: import of its api module + `notifyStart`; seed: import + stored profile + one call. Whole process = spawn to exit.");
        md.AppendLine();
        md.AppendLine("| variant | load + call, ms | × seed | whole process, ms | × seed |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var v in records.Where(r => r.Workload == "coldstart").Select(r => r.Variant).Distinct())
        {
            var ms = Median(PerRun("coldstart", v, r => r.Result.ImportConnectMs).Values.ToList());
            var wall = Median(PerRun("coldstart", v, Wall).Values.ToList());
            md.AppendLine($"| {Name(v)} | {F(ms, "0")} | {(v == "seed" ? "1" : Ratio(Paired("coldstart", v, "seed", r => r.Result.ImportConnectMs)))} | {F(wall, "0")} | {(v == "seed" ? "1" : Ratio(Paired("coldstart", v, "seed", Wall)))} |");
        }
        var (im, cm, en) = (Median(PerRun("coldstart", "pipeline", r => r.Result.ImportMs).Values.ToList()),
            Median(PerRun("coldstart", "pipeline", r => r.Result.ConnectMs).Values.ToList()),
            Median(PerRun("coldstart", "pipeline", r => r.Result.EngineMs).Values.ToList()));
        md.AppendLine();
        md.AppendLine($"Of ClawBot's: `Import-Module` {F(im, "0")} ms, `Connect-ClawBot` {F(cm, "0")} ms; the hosted engine's own start (runspace open) {F(en, "0")} ms.");
        md.AppendLine();
    }

    private void Alert(StringBuilder md)
    {
        md.AppendLine("### One-shot alert with real pwsh 7.6.9 (whole process, spawn to exit, ms)");
        md.AppendLine();
        md.AppendLine("The floor module is the least any binary module can do: import one small assembly, read stored credentials, " +
                      "make one sendmessage POST (bench/ClawBot.E2E.AlertFloor). `Invoke-RestMethod` is PowerShell's own way, with no module.");
        md.AppendLine();
        md.AppendLine("| variant | ms | × `pwsh -c exit` | extra ms over it | × the floor module |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        var exit = PerRun("alert", "pwsh-exit", Wall);
        foreach (var v in new[] { "pwsh-exit", "alert-floor", "alert", "alert-irm" })
        {
            var runs = PerRun("alert", v, Wall);
            if (runs.Count == 0) continue;
            var extra = runs.Where(kv => exit.ContainsKey(kv.Key)).Select(kv => kv.Value - exit[kv.Key]).ToList();
            var overExit = v == "pwsh-exit" ? "1" : Ratio(Paired("alert", v, "pwsh-exit", Wall));
            var overFloor = v == "alert-floor" ? "1" : Ratio(Paired("alert", v, "alert-floor", Wall));
            md.AppendLine($"| {Name(v)} | {F(Median(runs.Values.ToList()), "0")} | {overExit} | {(v == "pwsh-exit" ? "" : F(Median(extra), "0"))} | {overFloor} |");
        }
        md.AppendLine();
    }

    private static double? Rate(RunRecord r) => r.Result.Rate;
    private static double? Wall(RunRecord r) => r.WallMs;

    private bool Has(string workload) => records.Any(r => r.Workload == workload);

    /// <summary>A variant's figure per run (the median of the run's repeats).</summary>
    private Dictionary<int, double> PerRun(string workload, string variant, Func<RunRecord, double?> pick) =>
        records.Where(r => r.Workload == workload && r.Variant == variant)
            .GroupBy(r => r.Run)
            .Select(g => (g.Key, Value: Median(g.Select(pick).OfType<double>().ToList())))
            .Where(x => !double.IsNaN(x.Value))
            .ToDictionary(x => x.Key, x => x.Value);

    private Dictionary<int, double> PerRun(string workload, string variant, Func<RunRecord, long?> pick) => PerRun(workload, variant, r => (double?)pick(r));

    /// <summary>a / b within each run where both ran.</summary>
    private List<double> Paired(string workload, string a, string b, Func<RunRecord, double?> pick)
    {
        var x = PerRun(workload, a, pick);
        var y = PerRun(workload, b, pick);
        return x.Where(kv => y.TryGetValue(kv.Key, out var d) && d > 0).Select(kv => kv.Value / y[kv.Key]).ToList();
    }

    private static string Ratio(List<double> r) =>
        r.Count == 0 ? "–" : r.Count == 1 ? F(r[0], "0.00") + "×" : $"{F(Median(r), "0.00")}× ({F(r.Min(), "0.00")}–{F(r.Max(), "0.00")})";

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var v = values.OrderBy(x => x).ToList();
        var mid = v.Count / 2;
        return v.Count % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static string Name(string v) => Names.TryGetValue(v, out var n) ? n : v;
    private static string F(double v, string format) => double.IsNaN(v) || double.IsInfinity(v) ? "–" : v.ToString(format, Inv);
    private static string Met(bool ok) => ok ? "yes" : "**no**";

    private static string Brief(RunRecord r)
    {
        var x = r.Result;
        string s;
        if (x.Rate is { } rate)
            s = rate.ToString("0", Inv) + (x.CpuMs is { } cpu && x.Count > 0 ? $" ({cpu * 1000 / x.Count:0} µs)" : "");
        else if (r.Workload == "alert") s = r.WallMs.ToString("0", Inv) + " ms";
        else if (x.ImportConnectMs is { } ms) s = ms.ToString("0", Inv) + " ms";
        else s = x.Seconds.ToString("0.000", Inv) + " s";
        if (x.PeakExtraBytes is { } peak) s += $" +{peak / 1048576.0:0.0} MiB";
        if (r.Workload == "send" && r.Connections is { } c) s += $" {c} conn";
        return s + $" [{F(r.Load ?? double.NaN, "0.0")}]";
    }

    /// <summary>The 1, 5 and 15-minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>The 1-minute load average now.</summary>
    public static double Load1() =>
        double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, Inv, out var l) ? l : double.NaN;

    private static Dictionary<string, string> DescribeMachine(Settings settings)
    {
        string Grep(string file, string key) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";
        var memKb = Grep("/proc/meminfo", "MemTotal").Split(' ')[0];
        return new Dictionary<string, string>
        {
            ["cpu"] = Grep("/proc/cpuinfo", "model name"),
            ["cores"] = Environment.ProcessorCount.ToString(Inv),
            ["memory"] = long.TryParse(memKb, out var kb) ? $"{kb / 1048576.0:0.0} GiB RAM" : "?",
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["python"] = VersionOf(settings.Python, "--version"),
            ["node"] = VersionOf(settings.Node, "--version"),
            ["loadStart"] = LoadAverage(),
        };
    }

    private static string VersionOf(string program, string arg)
    {
        try
        {
            var start = new ProcessStartInfo(program, arg) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(start)!;
            var text = (p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd()).Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
