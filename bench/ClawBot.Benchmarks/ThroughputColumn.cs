using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ClawBot.Benchmarks;

/// <summary>Marks a benchmark class whose every operation processes a fixed number of bytes, for the MB/s column.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>MB/s (10^6 bytes per second) from the mean time, for classes marked with <see cref="BytesPerOperationAttribute"/>.</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => "Throughput";
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Megabytes (10^6 B) of plaintext processed per second, from the mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = benchmarkCase.Descriptor.Type.GetCustomAttributes(typeof(BytesPerOperationAttribute), false)
            .OfType<BytesPerOperationAttribute>().FirstOrDefault()?.Bytes;
        var report = summary[benchmarkCase];
        if (bytes is null || report?.ResultStatistics is null) return "-";
        var seconds = report.ResultStatistics.Mean / 1e9;
        return (bytes.Value / 1e6 / seconds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
