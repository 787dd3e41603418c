using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClawBot.Bench;

/// <summary>
/// One workload run, handed to a worker process as a JSON file (the seed harness reads the same file). Every worker
/// prints exactly one line <c>RESULT {json}</c> on stdout.
/// </summary>
public sealed class Job
{
    public string Workload { get; set; } = "";      // receive | send | upload | coldstart
    public string Variant { get; set; } = "";       // core | pipeline | seed, or a diagnostic variant (--diagnose)
    public string BaseUrl { get; set; } = "";       // http://127.0.0.1:port/ (trailing slash)
    public string CdnBaseUrl { get; set; } = "";    // http://127.0.0.1:port/c2c/
    public string BotToken { get; set; } = "";
    public string BotId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string ContextToken { get; set; } = "";
    public int Count { get; set; }
    public string FilePath { get; set; } = "";
    public string WarmupFilePath { get; set; } = "";
    public string ProfileHome { get; set; } = "";
    public string ProfileName { get; set; } = "bench";
    public string ModuleManifest { get; set; } = "";
    public string SeedDir { get; set; } = "";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Job Load(string path) => JsonSerializer.Deserialize<Job>(File.ReadAllText(path), Json)!;
}

/// <summary>What a worker measured. Null fields were not measured by that worker.</summary>
public sealed class WorkerResult
{
    public int Count { get; set; }
    public double Seconds { get; set; }
    public double? Rate { get; set; }
    public long? PeakExtraBytes { get; set; }
    public long? GcAllocatedBytes { get; set; }
    public long? BaselineRssBytes { get; set; }
    public double? ImportConnectMs { get; set; }
    public double? EngineMs { get; set; }
    public double? ImportMs { get; set; }
    public double? ConnectMs { get; set; }
    public double? SinceProcessStartMs { get; set; }
    /// <summary>CPU time of the whole process (user + system, every thread) over the measured section.</summary>
    public double? CpuMs { get; set; }

    public void Print() => Console.Out.WriteLine("RESULT " + JsonSerializer.Serialize(this, Job.Json));
}
