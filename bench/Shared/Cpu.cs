using System.Diagnostics;

namespace ClawBot.Bench;

/// <summary>The process's CPU time (user + system, all threads) over a measured section.</summary>
internal readonly struct Cpu
{
    private readonly TimeSpan _start;
    private Cpu(TimeSpan start) => _start = start;

    public static Cpu Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

    public double ElapsedMs => (Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMilliseconds;

    public static WorkerResult Result(int count, Stopwatch watch, Cpu cpu) => new()
    {
        Count = count,
        Seconds = watch.Elapsed.TotalSeconds,
        Rate = count / watch.Elapsed.TotalSeconds,
        CpuMs = cpu.ElapsedMs,
    };
}
