using System.Management.Automation;
using ClawBot.Module.Tests.Support;

namespace ClawBot.Module.Tests;

public sealed class ManifestTests : ModuleTest
{
    private static readonly string[] Cmdlets =
        { "Connect-ClawBot", "Disconnect-ClawBot", "Get-ClawBot", "Get-ClawContact", "Receive-ClawMessage", "Save-ClawAttachment", "Send-ClawFile", "Send-ClawMessage", "Send-ClawTyping", "Set-ClawContact" };

    [Fact]
    public void CmdletsComeFromTheBuiltModuleFolder()
    {
        var run = Ps.Run("Get-Command -Module ClawBot -CommandType Cmdlet");
        run.AssertNoErrors();
        var commands = run.Objects<CmdletInfo>().ToList();
        Assert.Equal(Cmdlets, commands.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var c in commands)
        {
            Assert.Equal(Path.Combine(ModulePaths.Folder, "ClawBot.dll"), c.ImplementingType.Assembly.Location);
        }
    }

    [Fact]
    public void ManifestIsValidAndExportsExactlyTheCmdlets()
    {
        var run = Ps.Run($"Test-ModuleManifest -Path '{ModulePaths.Manifest}'");
        run.AssertNoErrors();
        var info = run.Objects<PSModuleInfo>().Single();
        Assert.Equal(Cmdlets.OrderBy(n => n), info.ExportedCmdlets.Keys.OrderBy(n => n));
        Assert.Contains("Core", info.CompatiblePSEditions);
        Assert.Equal(typeof(ManifestTests).Assembly.GetName().Version!.ToString(3), info.Version.ToString(3));
    }

    [Fact]
    public void ModuleFolderShipsNoEngineAssembly()
    {
        Assert.False(File.Exists(Path.Combine(ModulePaths.Folder, "System.Management.Automation.dll")));
        Assert.True(File.Exists(Path.Combine(ModulePaths.Folder, "ClawBot.Format.ps1xml")));
        Assert.True(File.Exists(Path.Combine(ModulePaths.Folder, "en-US", "ClawBot.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(ModulePaths.Folder, "en-US", "about_ClawBot.help.txt")));
        Assert.True(File.Exists(Path.Combine(ModulePaths.Folder, "LICENSE")));
    }

    /// <summary>Web addresses known to exist. The project has no site of its own yet, so nothing may point at one.</summary>
    private static readonly string[] KnownAddresses = { "https://spdx.org/licenses/MIT.html" };

    [Fact]
    public void EveryWebAddressTheModuleGivesIsKnownToExist()
    {
        Ps.Set("manifest", ModulePaths.Manifest);
        var run = Ps.Run("""
            $m = Test-ModuleManifest -Path $manifest
            $m.ProjectUri; $m.LicenseUri; $m.IconUri; $m.HelpInfoUri
            Get-Command -Module ClawBot | ForEach-Object { $_.HelpUri; (Get-Help $_.Name -Full).relatedLinks.navigationLink.uri }
            """);
        run.AssertNoErrors();
        var addresses = run.Output.Where(o => o is not null && o.ToString()!.Length > 0).Select(o => o.ToString()!).Distinct().ToList();
        Assert.Contains("https://spdx.org/licenses/MIT.html", addresses); // the licence
        Assert.All(addresses, a => Assert.Contains(a, KnownAddresses));
    }

    [Fact]
    public void EveryCmdletDeclaresItsOutputType()
    {
        var run = Ps.Run("Get-Command -Module ClawBot | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Count = $_.OutputType.Count } }");
        run.AssertNoErrors();
        foreach (var o in run.Output)
        {
            Assert.True((int)o.Properties["Count"].Value > 0, $"{o.Properties["Name"].Value} has no OutputType");
        }
    }

    [Theory]
    [InlineData("ClawBot.MessageKind", "ClawBot.Core.Messaging.MessageKind")]
    [InlineData("ClawBot.AttachmentKind", "ClawBot.Core.Messaging.AttachmentKind")]
    [InlineData("ClawBot.FileKind", "ClawBot.Core.Messaging.OutboundMediaKind")]
    public void UserFacingKindsMirrorTheCoreOnesValueForValue(string facing, string core)
    {
        // The module maps them by cast; a member added on one side only would silently mislabel.
        var coreDll = Path.Combine(ModulePaths.Folder, "ClawBot.Core.dll");
        var run = Ps.Run($"$core = [System.Reflection.Assembly]::LoadFrom('{coreDll}').GetType('{core}', $true); " +
            $"[enum]::GetValues([{facing}]) | ForEach-Object {{ \"$_=$([int]$_)\" }}; '|'; [enum]::GetValues($core) | ForEach-Object {{ \"$_=$([int]$_)\" }}");
        run.AssertNoErrors();
        var all = run.Output.Select(o => o.ToString()).ToList();
        var split = all.IndexOf("|");
        Assert.Equal(all.Take(split), all.Skip(split + 1));
    }

    [Fact]
    public void EveryPublicTypeUsersSeeIsInTheModuleNamespace()
    {
        var run = Ps.Run("(Get-Command Send-ClawFile).Parameters['As'].ParameterType.FullName; [ClawBot.Message].GetProperty('Kind').PropertyType.FullName");
        run.AssertNoErrors();
        Assert.Equal(new[] { "ClawBot.FileKind", "ClawBot.MessageKind" }, run.Output.Select(o => o.ToString()));
    }
}
