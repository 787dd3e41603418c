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
    public string Variant { get; set; } = "";   // floor* | core | pipeline | official | seed | pwsh-exit | alert (or a diagnostic)
    public int Run { get; set; }
    public WorkerResult Result { get; set; } = new();
    public double WallMs { get; set; }
    public long? Connections { get; set; }
    public Dictionary<string, long>? Requests { get; set; }
    /// <summary>The 1-minute load average when the process started.</summary>
    public double? Load { get; set; }
}

/// <summary>
/// Starts the simulator on loopback (in this process; the clients run in their own processes), prepares a fresh bot
/// per run, starts one worker process per (workload, variant, run), reads its RESULT line and the simulator's
/// counters, then writes the medians (<see cref="Report"/>).
/// </summary>
public sealed class Orchestrator(Settings settings)
{
    private static readonly string[] Workloads = ["receive", "send", "upload", "coldstart", "alert"];
    private readonly List<RunRecord> _records = [];
    private string _work = "";
    private int _perfRuns;
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
                    var variants = VariantsOf(workload).Where(v => settings.Variants.Count == 0 || settings.Variants.Contains(v)).ToArray();
                    if (variants.Length == 0) continue;
                    // Whole-process starts are short and noisy: several per run, alternating; the run keeps their median.
                    var repeats = workload == "alert" ? Math.Max(1, settings.Alerts) : 1;
                    for (var rep = 0; rep < repeats; rep++)
                    {
                        // Rotate the order each run so no client always goes first (page cache, CPU boost, sim state).
                        for (var k = 0; k < variants.Length; k++)
                        {
                            var variant = variants[(k + run - 1 + rep) % variants.Length];
                            var record = await RunOneAsync(sim, workload, variant, run, bigFile, warmFile);
                            _records.Add(record);
                            Console.WriteLine($"run {run} {workload,-9} {variant,-11} {Describe(record)}  (load {Report.LoadAverage()})");
                        }
                    }
                }
            }
            Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s");

            var report = new Report(settings, _records, machineAtStart);
            Directory.CreateDirectory(settings.Out);
            var markdown = report.Markdown();
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
            File.WriteAllText(Path.Combine(settings.Out, "e2e-latest.md"), markdown);
            File.WriteAllText(Path.Combine(settings.Out, $"e2e-{stamp}.md"), markdown);
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
    /// The variants of a workload: the floors (<see cref="Floors"/>), ClawBot core and pipeline, Tencent's official client
    /// and the seed; for the alert, a bare <c>pwsh -NoProfile -c exit</c> and the one-shot alert. <c>--diagnose</c> adds, for
    /// receive: <c>core-raw</c> (GetUpdatesAsync alone, no inbox), <c>core-tmpfs</c> and <c>pipeline-tmpfs</c> (the profile
    /// store on tmpfs: fsync free), <c>pipeline-null</c> (<c>$null = Receive-ClawMessage</c>), <c>pipeline-collect</c> (collect,
    /// then <c>$m | ForEach-Object {}</c>) and <c>ps-floor</c> (<c>1..N | ForEach-Object {}</c>: the engine's own cost).
    /// Receive always has <c>core-nojournal</c>: the inbox loop as it was before the delivery journal (issue 12), so the
    /// journal's cost is a ratio within each run.
    /// </summary>
    private string[] VariantsOf(string workload) => workload switch
    {
        "receive" when settings.Diagnose => ["floor-raw", "floor-parse", "core", "core-nojournal", "pipeline", "official", "seed", "core-raw", "core-tmpfs", "pipeline-null", "pipeline-collect", "pipeline-tmpfs", "ps-floor"],
        "receive" => ["floor-raw", "floor-parse", "core", "core-nojournal", "pipeline", "official", "seed"],
        "send" => ["floor", "core", "pipeline", "official", "seed"],
        "upload" => ["core", "pipeline", "official", "seed"],
        "coldstart" => ["pipeline", "official", "seed"],
        "alert" when settings.Diagnose => ["pwsh-exit", "alert-floor", "alert", "alert-irm", "alert-steps"],
        "alert" => ["pwsh-exit", "alert-floor", "alert", "alert-irm"],
        _ => throw new ArgumentException("unknown workload " + workload),
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
            Count = workload switch { "receive" when variant == "seed" => Math.Min(settings.SeedMessages, settings.Messages), "receive" => settings.Messages, "send" when variant == "seed" => settings.SeedSends, "send" => settings.Sends, _ => 1 },
            // The alert runs `Connect-ClawBot` with no name: the stored profile is the default one.
            ProfileName = workload == "alert" ? "default" : "bench",
        };

        if (workload == "receive")
        {
            await sim.Control.QueueTextsAsync(bot.BotId, bot.UserId, job.Count, "bench");
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
        double? load = Report.Load1() is var l && !double.IsNaN(l) ? l : null;
        var watch = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await RunProcessAsync(start, TimeSpan.FromMinutes(5));
        watch.Stop();
        var stats = await _control!.StatsAsync();

        WorkerResult result;
        if (workload == "alert")
        {
            // A whole pwsh process, timed from spawn to exit; the alert must have reached the simulator.
            var sent = stats.RequestsByEndpoint.GetValueOrDefault("sendmessage");
            if (exit != 0 || stderr.Trim().Length > 0 || sent != (variant == "pwsh-exit" ? 0 : 1))
                throw new InvalidOperationException($"{workload}/{variant} run {run} failed (exit {exit}, {sent} sendmessage):\n{stdout}\n{stderr}");
            result = new WorkerResult { Count = 1, Seconds = watch.Elapsed.TotalSeconds };
            var steps = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("STEPS ", StringComparison.Ordinal));
            if (steps is not null) Console.WriteLine("  " + steps.Trim());
        }
        else
        {
            var line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (exit != 0 || line is null)
                throw new InvalidOperationException($"{workload}/{variant} run {run} failed (exit {exit}):\n{stdout}\n{stderr}");
            result = JsonSerializer.Deserialize<WorkerResult>(line["RESULT ".Length..], Job.Json)!;
        }
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
            Load = load,
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
            case "floor" or "floor-raw" or "floor-parse" or "core" or "core-nojournal" or "core-raw" or "core-tmpfs":
                start = new ProcessStartInfo(DotnetHost());
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
                start.ArgumentList.Add("worker");
                break;
            case "pipeline" or "pipeline-null" or "pipeline-collect" or "pipeline-tmpfs" or "ps-floor":
                start = new ProcessStartInfo(DotnetHost());
                start.ArgumentList.Add(settings.PsHost);
                break;
            case "official":
                start = new ProcessStartInfo(settings.Node);
                start.ArgumentList.Add("--expose-gc");
                start.ArgumentList.Add(settings.OfficialHarness);
                break;
            case "seed":
                start = new ProcessStartInfo(settings.Python);
                start.ArgumentList.Add(settings.Harness);
                break;
            case var pwsh when IsPwsh(pwsh):
                // Real pwsh 7.6.9 (the tool package's pwsh.dll, as its launcher runs it), no profile, same environment for both.
                start = new ProcessStartInfo(DotnetHost());
                start.ArgumentList.Add(settings.Pwsh);
                start.ArgumentList.Add("-NoProfile");
                start.ArgumentList.Add("-NonInteractive");
                start.ArgumentList.Add("-c");
                var module = settings.Module.Replace("'", "''");
                start.ArgumentList.Add(variant switch
                {
                    "alert" => $"Import-Module '{module}'; Connect-ClawBot; Send-ClawMessage 'x'",
                    // The floor: a minimal binary module, stored credentials read, one sendmessage POST.
                    "alert-floor" => $"Import-Module '{settings.AlertFloor.Replace("'", "''")}'; Send-FloorAlert 'x' -JobFile '{jobFile.Replace("'", "''")}'",
                    // PowerShell's own way, no module: the job file's credentials, ConvertTo-Json, Invoke-RestMethod.
                    "alert-irm" => IrmAlert(jobFile),
                    // Diagnostic: the same, with the time since process start after each step on stdout.
                    "alert-steps" => "$p = [Diagnostics.Process]::GetCurrentProcess(); " +
                                     "$s = { $p.Refresh(); '{0}/{1}' -f [int]([DateTime]::Now - $p.StartTime).TotalMilliseconds, [int]$p.TotalProcessorTime.TotalMilliseconds }; " +
                                     $"$a = & $s; Import-Module '{module}'; $b = & $s; Connect-ClawBot; $c = & $s; Send-ClawMessage 'x'; $d = & $s; " +
                                     "\"STEPS (wall/cpu ms since start) start=$a import=$b connect=$c send=$d\"",
                    _ => "exit",
                });
                start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
                start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
                break;
            default:
                throw new ArgumentException("unknown variant " + variant);
        }
        if (!IsPwsh(variant)) start.ArgumentList.Add(jobFile);
        if (variant == "official") start.ArgumentList.Add(settings.OfficialDir);
        // Diagnostics: CLAWBOT_BENCH_PERF=DIR records each client process with `perf record` (cpu-clock, call graphs;
        // the .NET ones with perf maps) into DIR/<variant>-<n>.data.
        if (Environment.GetEnvironmentVariable("CLAWBOT_BENCH_PERF") is { Length: > 0 } perfDir)
        {
            var wrapped = new ProcessStartInfo("perf");
            foreach (var a in new[] { "record", "-q", "-e", "cpu-clock", "-F", "1999", "-g", "-o", Path.Combine(perfDir, $"{variant}-{Interlocked.Increment(ref _perfRuns)}.data"), "--", start.FileName })
                wrapped.ArgumentList.Add(a);
            foreach (var a in start.ArgumentList) wrapped.ArgumentList.Add(a);
            foreach (var (k, v) in start.Environment) wrapped.Environment[k] = v;
            wrapped.Environment["DOTNET_PerfMapEnabled"] = "1";
            wrapped.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // JIT code in plain memory, which the perf map names
            start = wrapped;
        }
        // Diagnostics: CLAWBOT_BENCH_CHILD_ENV="K=V;K=V" sets variables in the client processes only ({variant} and {n}
        // are replaced), e.g. DOTNET_JitStdOutFile=/tmp/jit-{variant}-{n}.txt;DOTNET_JitDisasmSummary=1.
        if (Environment.GetEnvironmentVariable("CLAWBOT_BENCH_CHILD_ENV") is { Length: > 0 } childEnv)
        {
            var n = Interlocked.Increment(ref _perfRuns).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var pair in childEnv.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0) start.Environment[pair[..eq]] = pair[(eq + 1)..].Replace("{variant}", variant).Replace("{n}", n);
            }
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment[ProfileStore.HomeVariable] = profileHome;
        // Same runtime settings as a user's shell: no tiered-compilation tweaks, workstation GC.
        start.Environment.Remove("DOTNET_TieredPGO");
        return start;
    }

    /// <summary>The alert's variants: each a whole real pwsh process with its script on the command line.</summary>
    private static bool IsPwsh(string variant) => variant is "pwsh-exit" or "alert" or "alert-floor" or "alert-irm" or "alert-steps";

    private static string IrmAlert(string jobFile) =>
        $"$j = Get-Content -Raw -LiteralPath '{jobFile.Replace("'", "''")}' | ConvertFrom-Json; " +
        "$body = @{ msg = @{ from_user_id = ''; to_user_id = $j.userId; client_id = 'irm-' + [guid]::NewGuid().ToString('n'); " +
        "message_type = 2; message_state = 2; context_token = $j.contextToken; item_list = @(@{ type = 1; text_item = @{ text = 'x' } }) }; " +
        "base_info = @{ channel_version = '2.4.9'; bot_agent = 'Irm/1.0' } } | ConvertTo-Json -Depth 6 -Compress; " +
        "$headers = @{ AuthorizationType = 'ilink_bot_token'; Authorization = 'Bearer ' + $j.botToken; " +
        "'X-WECHAT-UIN' = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes([string](Get-Random))); 'iLink-App-Id' = 'bot'; 'iLink-App-ClientVersion' = '132105' }; " +
        "$r = Invoke-RestMethod -Method Post -Uri ([Uri]::new([Uri]$j.baseUrl, 'ilink/bot/sendmessage')) -ContentType 'application/json' -Body $body -Headers $headers; " +
        "if ([int]$r.ret -lt 0) { throw 'refused' }";

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
        if (x.CpuMs is { } cpu && x.Count > 0) parts.Add($"CPU {cpu * 1000 / x.Count:0} µs/msg");
        if (x.PeakExtraBytes is { } peak) parts.Add($"peak +{peak / 1048576.0:0.0} MiB");
        if (x.GcAllocatedBytes is { } gc) parts.Add($"GC alloc {gc / 1048576.0:0.0} MiB");
        if (x.ImportConnectMs is { } ms) parts.Add($"import+connect {ms:0} ms");
        if (x.EngineMs is { } engine) parts.Add($"engine {engine:0} ms");
        parts.Add($"wall {r.WallMs:0} ms");
        if (r.Connections is { } c) parts.Add($"{c} connections");
        return string.Join(", ", parts);
    }
}
