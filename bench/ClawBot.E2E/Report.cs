using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ClawBot.Bench;

/// <summary>Medians per (workload, variant), ratios ClawBot/seed and the issue's targets, as Markdown.</summary>
public sealed class Report(Settings settings, IReadOnlyList<RunRecord> records, Dictionary<string, string>? machine = null)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The machine, as described when the run started (load average included).</summary>
    public Dictionary<string, string> Machine { get; } = machine ?? DescribeMachine(settings.Python);

    // Whether other work shared the CPUs, judged from the 1-minute load at the start against the core count.
    private string LoadRemark()
    {
        var first = Machine["loadStart"]?.ToString()?.Split(' ')[0];
        var busy = double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load)
                   && load > Environment.ProcessorCount;
        return busy
            ? ": above the core count, other work shared the CPUs and absolute figures are low, the ratios less so (clients alternate within each run)."
            : ": the machine was otherwise quiet.";
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"End-to-end bench, {settings.Runs} runs per cell, medians. " +
                      $"Machine: {Machine["cpu"]}, {Machine["cores"]} cores, {Machine["memory"]}; {Machine["os"]}; {Machine["dotnet"]}; {Machine["python"]}; " +
                      $"PowerShell SDK 7.6.9 (hosted). Run at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
                      $"load average (1/5/15 min) at start {Machine["loadStart"]}, at end {LoadAverage()}" + LoadRemark());
        md.AppendLine();
        md.AppendLine("| workload | measure | ClawBot core | ClawBot pipeline | seed | core / seed | pipeline / seed | target | met |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|");

        if (Has("receive"))
        {
            var (c, p, s) = (Med("receive", "core", r => r.Result.Rate), Med("receive", "pipeline", r => r.Result.Rate), Med("receive", "seed", r => r.Result.Rate));
            Row(md, $"receive {settings.Messages:N0} texts", "messages/s", c, p, s, "N0", c / s, p / s,
                "core ≥ 10×, pipeline ≥ 3×", Met(c / s >= 10) + " / " + Met(p / s >= 3));
        }
        foreach (var (variant, what) in new[]
        {
            ("core-raw", "diagnostic: GetUpdatesAsync loop alone (no inbox bookkeeping, no persistence)"),
            ("core-tmpfs", "diagnostic: the core loop with the profile store on tmpfs (fsync free)"),
            ("core-coalesced", "diagnostic: proposed fix prototype, profile saved at most once a second"),
            ("http-floor", "diagnostic: bare HttpClient loop (the simulator's ceiling)"),
            ("pipeline-null", "diagnostic: $null = Receive-ClawMessage (no ForEach-Object)"),
            ("pipeline-collect", "diagnostic: $m = Receive-ClawMessage; $m \\| ForEach-Object {} (whole)"),
            ("pipeline-tmpfs", "diagnostic: the pipeline with the profile store on tmpfs (fsync free)"),
            ("ps-floor", "diagnostic: 1..N \\| ForEach-Object {} (no ClawBot: the engine's own cost)"),
        })
        {
            var v = Med("receive", variant, r => r.Result.Rate);
            if (!double.IsNaN(v))
                md.AppendLine($"| | {what}, messages/s | {F(v, "N0")} | | | {F(v / Med("receive", "seed", r => r.Result.Rate), "0.0")}× | | | |");
        }
        if (Has("send"))
        {
            var (c, p, s) = (Med("send", "core", r => r.Result.Rate), Med("send", "pipeline", r => r.Result.Rate), Med("send", "seed", r => r.Result.Rate));
            Row(md, $"send {settings.Sends:N0} texts", "messages/s", c, p, s, "N0", c / s, p / s, "≥ 3×", Met(c / s >= 3) + " / " + Met(p / s >= 3));
            var (cc, pc, sc) = (Med("send", "core", r => r.Connections), Med("send", "pipeline", r => r.Connections), Med("send", "seed", r => r.Connections));
            Row(md, "", "connections opened", cc, pc, sc, "N0", null, null, "1 (reused)", Met(cc <= 1) + " / " + Met(pc <= 1));
        }
        if (Has("upload"))
        {
            var size = settings.FileMiB * 1048576.0;
            var (c, p, s) = (Med("upload", "core", r => r.Result.Seconds), Med("upload", "pipeline", r => r.Result.Seconds), Med("upload", "seed", r => r.Result.Seconds));
            Row(md, $"upload {settings.FileMiB} MiB file", "seconds (ratio: seed time / ClawBot time)", c, p, s, "0.000", s / c, s / p, "", "");
            var (cm, pm, sm) = (Med("upload", "core", r => r.Result.PeakExtraBytes), Med("upload", "pipeline", r => r.Result.PeakExtraBytes), Med("upload", "seed", r => r.Result.PeakExtraBytes));
            md.AppendLine($"| | peak extra RSS, MiB (× file size) | {Mib(cm)} ({cm / size:0.00}×) | {Mib(pm)} ({pm / size:0.00}×) | {Mib(sm)} ({sm / size:0.00}×) | {F(cm / sm, "0.00")} | {F(pm / sm, "0.00")} | ≤ 1.5× file size | {Met(cm <= 1.5 * size)} / {Met(pm <= 1.5 * size)} |");
            var (cg, pg) = (Med("upload", "core", r => r.Result.GcAllocatedBytes), Med("upload", "pipeline", r => r.Result.GcAllocatedBytes));
            md.AppendLine($"| | GC allocated, MiB (× file size) | {Mib(cg)} ({cg / size:0.00}×) | {Mib(pg)} ({pg / size:0.00}×) | – | | | | |");
        }
        if (Has("coldstart"))
        {
            var (p, s) = (Med("coldstart", "pipeline", r => r.Result.ImportConnectMs), Med("coldstart", "seed", r => r.Result.ImportConnectMs));
            md.AppendLine($"| cold start | import + connect, ms (ratio: ClawBot / seed, lower is better) | – | {F(p, "0")} | {F(s, "0")} | | {F(p / s, "0.0")} | – | |");
            var (im, cm) = (Med("coldstart", "pipeline", r => r.Result.ImportMs), Med("coldstart", "pipeline", r => r.Result.ConnectMs));
            md.AppendLine($"| | of which Import-Module / Connect-ClawBot (first call: notifystart), ms | – | {F(im, "0")} / {F(cm, "0")} | – | | | | |");
            var engine = Med("coldstart", "pipeline", r => r.Result.EngineMs);
            md.AppendLine($"| | PowerShell engine start (runspace open), ms | – | {F(engine, "0")} | – | | | | |");
            var (pw, sw) = (Med("coldstart", "pipeline", r => r.WallMs), Med("coldstart", "seed", r => r.WallMs));
            md.AppendLine($"| | whole process (spawn → exit), ms | – | {F(pw, "0")} | {F(sw, "0")} | | {F(pw / sw, "0.0")} | | |");
        }

        md.AppendLine();
        md.AppendLine("Every run (seconds; rates; peak extra MiB; connections):");
        md.AppendLine();
        md.AppendLine("| workload | variant | runs |");
        md.AppendLine("|---|---|---|");
        foreach (var g in records.GroupBy(r => (r.Workload, r.Variant)))
            md.AppendLine($"| {g.Key.Workload} | {g.Key.Variant} | {string.Join("; ", g.OrderBy(r => r.Run).Select(Brief))} |");
        return md.ToString();
    }

    private bool Has(string workload) => records.Any(r => r.Workload == workload);

    private double Med(string workload, string variant, Func<RunRecord, double?> pick)
    {
        var values = records.Where(r => r.Workload == workload && r.Variant == variant).Select(pick).OfType<double>().OrderBy(v => v).ToList();
        if (values.Count == 0) return double.NaN;
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private double Med(string workload, string variant, Func<RunRecord, long?> pick) => Med(workload, variant, r => (double?)pick(r));

    private static void Row(StringBuilder md, string workload, string measure, double c, double p, double s, string format, double? rc, double? rp, string target, string met) =>
        md.AppendLine($"| {workload} | {measure} | {F(c, format)} | {F(p, format)} | {F(s, format)} | {(rc is null ? "" : F(rc.Value, "0.0") + "×")} | {(rp is null ? "" : F(rp.Value, "0.0") + "×")} | {target} | {met} |");

    private static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, Inv);
    private static string Mib(double bytes) => F(bytes / 1048576.0, "0.0");
    private static string Met(bool ok) => ok ? "yes" : "**no**";

    private static string Brief(RunRecord r)
    {
        var x = r.Result;
        var s = x.Rate is { } rate ? rate.ToString("0", Inv) + "/s" : x.ImportConnectMs is { } ms ? ms.ToString("0", Inv) + " ms" : x.Seconds.ToString("0.000", Inv) + " s";
        if (x.PeakExtraBytes is { } peak) s += $" +{peak / 1048576.0:0.0} MiB";
        if (r.Workload == "send") s += $" {r.Connections} conn";
        return s;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static Dictionary<string, string> DescribeMachine(string python)
    {
        string Grep(string file, string key) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";
        var memKb = Grep("/proc/meminfo", "MemTotal").Split(' ')[0];
        var pythonVersion = "?";
        try
        {
            var start = new ProcessStartInfo(python, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(start)!;
            pythonVersion = (p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd()).Trim();
            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception) { }
        return new Dictionary<string, string>
        {
            ["cpu"] = Grep("/proc/cpuinfo", "model name"),
            ["cores"] = Environment.ProcessorCount.ToString(Inv),
            ["memory"] = long.TryParse(memKb, out var kb) ? $"{kb / 1048576.0:0.0} GiB RAM" : "?",
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["python"] = pythonVersion,
            ["loadStart"] = LoadAverage(),
        };
    }
}
