using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace ClawBot.Infrastructure;

/// <summary>
/// Lets a path parameter take strings, files and provider paths, and nothing else. PowerShell would otherwise turn
/// any piped object into a path through its ToString(): a piped ClawBot message would become a path spelled by
/// whoever wrote the message (<c>Receive-ClawMessage | Send-ClawFile</c> sending them the files they named).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PathInputAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        if (value is null || value is string) return inputData;
        if (PathOf(value) is { } single) return single;
        if (value is IEnumerable items)
        {
            var paths = new List<string>();
            foreach (var item in items)
            {
                var element = item is PSObject p ? p.BaseObject : item;
                paths.Add(element as string ?? PathOf(element) ?? throw Refuse(element));
            }
            return paths.ToArray();
        }
        throw Refuse(value);
    }

    private static string? PathOf(object? value) => value switch
    {
        FileSystemInfo file => file.FullName,
        PathInfo path => path.ProviderPath,
        _ => null,
    };

    private static ArgumentTransformationMetadataException Refuse(object? value) =>
        new($"A path must be a string or a file, not a {value?.GetType().FullName ?? "null"}. Name the file with -Path or -LiteralPath.");
}
