using System.Reflection;

namespace ClawBot.Pwsh.Tests.Support;

/// <summary>Where things are in the repository this test assembly was built from.</summary>
internal static class Repo
{
    private static string Metadata(string key) => typeof(Repo).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string Root { get; } = Path.GetFullPath(Metadata("ClawBotRoot"));

    /// <summary>The built module's manifest (out/ClawBot, what `dotnet build` leaves).</summary>
    public static string Manifest => Path.Combine(Root, "out", "ClawBot", "ClawBot.psd1");

    /// <summary>Pester 5.7.1 from the NuGet package cache (PackageDownload).</summary>
    public static string PesterManifest { get; } = Metadata("PesterManifest");

    public static string File(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
