using System.Reflection;

namespace ClawBot.Module.Tests.Support;

/// <summary>Where the build left the module folder (set at build time, so tests import the real build output).</summary>
internal static class ModulePaths
{
    public static string Manifest { get; } = typeof(ModulePaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ClawBotModuleManifest").Value!;

    public static string Folder => Path.GetDirectoryName(Manifest)!;
}
