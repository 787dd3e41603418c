using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ClawBot.Core.Storage;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;

namespace ClawBot.Bench;

/// <summary>One measured process run: which client, which workload, what the worker said and what the simulator saw.</summary>
public sealed class RunRecord
{
    public string Workload { get; set; } = "";
    public string Variant { get; set; } = "";   // core | pipeline | seed
    public int Run { get; set; }
    public WorkerResult Result { get; set; } = new();
    public double WallMs { get; set; }
    public long? Connections { get; set; }
    public Dictionary<string, long>? Requests { get; set; }
}

/// <summary>
/// Starts the simulator on loopback (in this process; the clients run in their own processes), prepares a fresh bot
/// per run, starts one worker process per (workload, variant, run), reads its RESULT line and the simulator's
/// counters, then writes the medians (<see cref="Report"/>).
/// </summary>
public sealed class Orchestrator(Settings settings)
{
    private static readonly string[] Workloads = ["receive", "send", "upload", "coldstart"];
    private readonly List<RunRecord> _records = [];
    private string _work = "";
    private SimulatorControl? _control;

    public async Task<int> RunAsync()
    {
        _work = Directory.CreateTempSubdirectory("clawbot-e2e-").FullName;
        try
        {
            await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions
            {
                // Unlimited sends per inbound message; short holds so a client that over-polls is not stalled 35 s.
                SendAllowance = 0,
                LongPollHold = TimeSpan.FromSeconds(2),
            });
            // Counters are read over a connection that stays pooled for the whole run (the default 1 min idle timeout
            // would open a new one after a long seed run, and the simulator would count it).
            using var controlHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan });
            _control = new SimulatorControl(sim.RootUrl, controlHttp);
            Console.WriteLine($"simulator: {sim.BaseUrl} (CDN {sim.CdnBaseUrl}); work dir {_work}");
            var bigFile = Path.Combine(_work, "payload.bin");
            var warmFile = Path.Combine(_work, "warmup.bin");
            File.WriteAllBytes(bigFile, RandomNumberGenerator.GetBytes(settings.FileMiB * 1024 * 1024));
            File.WriteAllBytes(warmFile, RandomNumberGenerator.GetBytes(1024));

            var machineAtStart = new Report(settings, _records).Machine;
            var total = Stopwatch.StartNew();
            for (var run = 1; run <= settings.Runs; run++)
            {
                foreach (var workload in Workloads.Where(settings.Includes))
                {
                    var variants = VariantsOf(workload);
                    // Rotate the order each run so no client always goes first (page cache, CPU boost, sim state).
                    for (var k = 0; k < variants.Length; k++)
                    {
                        var variant = variants[(k + run - 1) % variants.Length];
                        var record = await RunOneAsync(sim, workload, variant, run, bigFile, warmFile);
                        _records.Add(record);
                        Console.WriteLine($"run {run} {workload,-9} {variant,-8} {Describe(record)}");
                    }
                }
            }
            Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s");

            var report = new Report(settings, _records, machineAtStart);
            Directory.CreateDirectory(settings.Out);
            var markdown = report.Markdown();
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
            File.WriteAllText(Path.Combine(settings.Out, "e2e-latest.md"), markdown);
            File.WriteAllText(Path.Combine(settings.Out, $"e2e-{stamp}.json"), JsonSerializer.Serialize(new { machine = report.Machine, settings, runs = _records }, new JsonSerializerOptions(Job.Json) { WriteIndented = true }));
            Console.WriteLine();
            Console.WriteLine(markdown);
            Console.WriteLine($"written: {Path.Combine(settings.Out, "e2e-latest.md")}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
            var shm = Path.Combine("/dev/shm", Path.GetFileName(_work));
            try { if (Directory.Exists(shm)) Directory.Delete(shm, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The variants of a workload. <c>--diagnose</c> adds, for receive, where the time goes: <c>core-raw</c> (GetUpdatesAsync
    /// alone, no inbox bookkeeping or persistence), <c>core-tmpfs</c> (the inbox loop with the store on tmpfs: no fsync cost),
    /// <c>core-coalesced</c> (<see cref="CoalescingLoop"/>: the proposed fix, saves coalesced to one a second), <c>http-floor</c> (a bare HttpClient loop: the simulator's ceiling),
    /// <c>pipeline-null</c> (<c>$null = Receive-ClawMessage</c>, no ForEach-Object),
    /// <c>pipeline-tmpfs</c> (the pipeline with the store on tmpfs),
    /// <c>pipeline-collect</c> (collect first, then <c>$m | ForEach-Object {}</c>: the script block's cost on Message objects) and <c>ps-floor</c> (<c>1..N | ForEach-Object {}</c>,
    /// no ClawBot: the engine's own per-object cost).
    /// </summary>
    private string[] VariantsOf(string workload) => workload switch
    {
        "coldstart" => ["pipeline", "seed"],
        "receive" when settings.Diagnose => ["core", "pipeline", "seed", "core-raw", "core-tmpfs", "core-coalesced", "http-floor", "pipeline-null", "pipeline-collect", "pipeline-tmpfs", "ps-floor"],
        _ => ["core", "pipeline", "seed"],
    };

    private async Task<RunRecord> RunOneAsync(SimulatorServer sim, string workload, string variant, int run, string bigFile, string warmFile)
    {
        var bot = await sim.Control.CreateBotAsync();
        var job = new Job
        {
            Workload = workload,
            Variant = variant,
            BaseUrl = sim.BaseUrl.ToString(),
            CdnBaseUrl = sim.CdnBaseUrl.ToString(),
            BotToken = bot.BotToken,
            BotId = bot.BotId,
            UserId = bot.UserId,
            FilePath = bigFile,
            WarmupFilePath = warmFile,
            // *-tmpfs diagnostics keep the profile store on tmpfs, where fsync costs nothing.
            ProfileHome = variant.EndsWith("-tmpfs", StringComparison.Ordinal)
                ? Path.Combine("/dev/shm", Path.GetFileName(_work), $"home-{workload}-{variant}-{run}")
                : Path.Combine(_work, $"home-{workload}-{variant}-{run}"),
            ModuleManifest = settings.Module,
            SeedDir = settings.SeedDir,
            Count = workload switch { "receive" => settings.Messages, "send" => settings.Sends, _ => 1 },
        };

        if (workload == "receive")
        {
            await sim.Control.QueueTextsAsync(bot.BotId, bot.UserId, settings.Messages, "bench");
        }
        else
        {
            // The user writes first, so the bot holds a context token for them (as WeChat requires).
            var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, bot.UserId, "hi");
            job.ContextToken = inbound.ContextToken;
        }
        StoreProfile(job, sim);

        var jobFile = Path.Combine(_work, $"job-{workload}-{variant}-{run}.json");
        await File.WriteAllTextAsync(jobFile, JsonSerializer.Serialize(job, Job.Json));
        await _control!.ResetStatsAsync();

        var start = StartInfo(variant, jobFile, job.ProfileHome);
        var watch = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await RunProcessAsync(start, TimeSpan.FromMinutes(5));
        watch.Stop();
        var stats = await _control!.StatsAsync();

        var line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (exit != 0 || line is null)
            throw new InvalidOperationException($"{workload}/{variant} run {run} failed (exit {exit}):\n{stdout}\n{stderr}");
        var result = JsonSerializer.Deserialize<WorkerResult>(line["RESULT ".Length..], Job.Json)!;
        if (workload is "receive" or "send" && result.Count < job.Count)
            throw new InvalidOperationException($"{workload}/{variant} run {run}: {result.Count} of {job.Count}");

        return new RunRecord
        {
            Workload = workload,
            Variant = variant,
            Run = run,
            Result = result,
            WallMs = watch.Elapsed.TotalMilliseconds,
            Connections = stats.ConnectionsOpened,
            Requests = stats.RequestsByEndpoint,
        };
    }

    /// <summary>A stored profile as Connect-ClawBot leaves it, with the user's context token in the contact book.</summary>
    private static void StoreProfile(Job job, SimulatorServer sim)
    {
        var profile = new Profile
        {
            Name = job.ProfileName,
            BotToken = job.BotToken,
            BotId = job.BotId,
            UserId = job.UserId,
            BaseUrl = sim.BaseUrl.ToString(),
            CdnBaseUrl = sim.CdnBaseUrl.ToString(),
            BoundAt = DateTimeOffset.UtcNow,
        };
        if (job.ContextToken.Length > 0)
        {
            profile.Contacts[job.UserId] = new ContactRecord
            {
                UserId = job.UserId,
                ContextToken = job.ContextToken,
                ContextTokenReceivedAt = DateTimeOffset.UtcNow,
                LastMessageAt = DateTimeOffset.UtcNow,
            };
        }
        new ProfileStore(job.ProfileHome).Save(profile);
    }

    private ProcessStartInfo StartInfo(string variant, string jobFile, string profileHome)
    {
        ProcessStartInfo start;
        switch (variant)
        {
            case "core" or "core-raw" or "core-tmpfs" or "core-coalesced" or "http-floor":
                start = new ProcessStartInfo(DotnetHost());
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
                start.ArgumentList.Add("worker");
                break;
            case "pipeline" or "pipeline-null" or "pipeline-collect" or "pipeline-tmpfs" or "ps-floor":
                start = new ProcessStartInfo(DotnetHost());
                start.ArgumentList.Add(settings.PsHost);
                break;
            default:
                start = new ProcessStartInfo(settings.Python);
                start.ArgumentList.Add(settings.Harness);
                break;
        }
        start.ArgumentList.Add(jobFile);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment[ProfileStore.HomeVariable] = profileHome;
        // Same runtime settings as a user's shell: no tiered-compilation tweaks, workstation GC.
        start.Environment.Remove("DOTNET_TieredPGO");
        return start;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} ran over {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Describe(RunRecord r)
    {
        var x = r.Result;
        var parts = new List<string> { $"{x.Seconds:0.000} s" };
        if (x.Rate is { } rate) parts.Add($"{rate:0} msg/s");
        if (x.PeakExtraBytes is { } peak) parts.Add($"peak +{peak / 1048576.0:0.0} MiB");
        if (x.GcAllocatedBytes is { } gc) parts.Add($"GC alloc {gc / 1048576.0:0.0} MiB");
        if (x.ImportConnectMs is { } ms) parts.Add($"import+connect {ms:0} ms");
        if (x.EngineMs is { } engine) parts.Add($"engine {engine:0} ms");
        parts.Add($"wall {r.WallMs:0} ms");
        if (r.Connections is { } c) parts.Add($"{c} connections");
        return string.Join(", ", parts);
    }
}
