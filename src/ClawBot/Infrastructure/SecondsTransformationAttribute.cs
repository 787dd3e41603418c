using System;
using System.Management.Automation;

namespace ClawBot.Infrastructure;

/// <summary>
/// Lets a TimeSpan parameter take a plain number as seconds (<c>-Timeout 30</c>). PowerShell's own conversion would
/// read 30 as 30 ticks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            int or long or short or byte or uint or ulong or ushort or sbyte => TimeSpan.FromSeconds(Convert.ToDouble(value)),
            double d => TimeSpan.FromSeconds(d),
            float f => TimeSpan.FromSeconds(f),
            decimal m => TimeSpan.FromSeconds((double)m),
            // '30' from a config file or Read-Host means seconds too, not 30 days as TimeSpan.Parse would have it.
            string text when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                => TimeSpan.FromSeconds(seconds),
            _ => inputData,
        };
    }
}
