using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ClawBot.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ClawBot.Benchmarks [-- --filter *Parse*]</c>. Runs in-process (no generated
/// project to build, so the repository's warnings-as-errors cannot break it) with the memory diagnoser on.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var artifacts = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithId("InProcess");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(new ThroughputColumn())
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);
        if (args.Length == 0) args = ["--filter", "*"];
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        Console.WriteLine($"Reports: {Path.Combine(artifacts, "results")}");
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
