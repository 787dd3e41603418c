using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ClawBot.Bench;

/// <summary>
/// <c>ClawBot.E2E.PsHost job.json</c>: one ClawBot workload run through the cmdlets in a hosted PowerShell engine.
/// The engine starts, the built module is imported and <c>Connect-ClawBot</c> resumes the stored profile
/// ($env:CLAWBOT_HOME, set by the orchestrator); then the workload's pipeline alone is timed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var sinceMain = Stopwatch.StartNew();
        var job = Job.Load(args[0]);

        var iss = InitialSessionState.CreateDefault2();
        iss.ThrowOnRunspaceOpenError = true;
        using var runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        var engineMs = sinceMain.Elapsed.TotalMilliseconds;

        var connect = Stopwatch.StartNew();
        Invoke(runspace, "Import-Module -Name $args[0] -ErrorAction Stop", job.ModuleManifest);
        var importMs = connect.Elapsed.TotalMilliseconds;
        Invoke(runspace, "Connect-ClawBot -Name $args[0] -ErrorAction Stop", job.ProfileName);
        connect.Stop();

        WorkerResult result;
        switch (job.Workload)
        {
            case "coldstart":
                result = new WorkerResult
                {
                    Count = 1,
                    Seconds = connect.Elapsed.TotalSeconds,
                    ImportConnectMs = connect.Elapsed.TotalMilliseconds,
                    EngineMs = engineMs,
                    ImportMs = importMs,
                    ConnectMs = connect.Elapsed.TotalMilliseconds - importMs,
                    SinceProcessStartMs = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds,
                };
                break;
            case "receive" when job.Variant == "pipeline-null":
                result = Timed(job.Count, () => Invoke(runspace, "$null = Receive-ClawMessage -First $args[0]", job.Count));
                break;
            case "receive" when job.Variant == "pipeline-collect":
                result = Timed(job.Count, () => Invoke(runspace, "$m = Receive-ClawMessage -First $args[0]; $m | ForEach-Object {}", job.Count));
                break;
            case "receive" when job.Variant == "ps-floor":
                result = Timed(job.Count, () => Invoke(runspace, "1..$args[0] | ForEach-Object {}", job.Count));
                break;
            case "receive":
                result = Timed(job.Count, () => Invoke(runspace, "Receive-ClawMessage -First $args[0] | ForEach-Object {}", job.Count));
                break;
            case "send":
                // The token is given explicitly, as a reply to a received message would bind it: the module's own send
                // window (10 messages per user message, the real service's rule) is then the service's to enforce, and
                // the simulator runs with an unlimited allowance.
                result = Timed(job.Count, () => Invoke(runspace, "1..$args[0] | ForEach-Object { \"bench $_\" } | Send-ClawMessage -To $args[1] -ContextToken $args[2]",
                    job.Count, job.UserId, job.ContextToken));
                break;
            case "upload":
                Invoke(runspace, "Send-ClawFile -LiteralPath $args[0] -To $args[1]", job.WarmupFilePath, job.UserId);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                ProcMemory.ResetPeak();
                var baseline = ProcMemory.RssBytes();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                Invoke(runspace, "Send-ClawFile -LiteralPath $args[0] -To $args[1]", job.FilePath, job.UserId);
                watch.Stop();
                result = new WorkerResult
                {
                    Count = 1,
                    Seconds = watch.Elapsed.TotalSeconds,
                    PeakExtraBytes = ProcMemory.PeakBytes() - baseline,
                    BaselineRssBytes = baseline,
                    GcAllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated,
                };
                break;
            default:
                throw new ArgumentException("unknown workload " + job.Workload);
        }
        result.Print();
        return 0;
    }

    private static WorkerResult Timed(int count, Action action)
    {
        var cpu = Cpu.Start();
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        return Cpu.Result(count, watch, cpu);
    }

    /// <summary>Runs a script; any error (terminating or not) fails the run, so a figure never hides a failure.</summary>
    private static void Invoke(Runspace runspace, string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        ps.Invoke();
        if (ps.HadErrors || ps.Streams.Error.Count > 0)
            throw new InvalidOperationException($"PowerShell errors ({ps.Streams.Error.Count}), the first: " + string.Join("; ", ps.Streams.Error.Take(3).Select(e => e.ToString())));
    }
}
