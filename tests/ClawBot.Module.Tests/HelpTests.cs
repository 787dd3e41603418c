using ClawBot.Module.Tests.Support;
namespace ClawBot.Module.Tests;
public sealed class HelpTests : ModuleTest
{
    [Fact]
    public void Probe()
    {
        var r = Ps.Run("(Get-Command -Module Microsoft.PowerShell.Core | ForEach-Object Name) -join ','; (Get-Command Set-Location -ErrorAction SilentlyContinue) -ne $null; $PWD.Path; [cultureinfo]::CurrentUICulture.Name; (Get-Help Send-ClawMessage).Synopsis");
        foreach (var o in r.Output) Console.WriteLine("OUT: " + o);
        foreach (var e in r.Errors) Console.WriteLine("ERR: " + e);
        Console.WriteLine("TERM: " + r.Terminating);
    }
}
