using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ClawBot.Pwsh.Tests.Support;
using Xunit.Abstractions;

namespace ClawBot.Pwsh.Tests;

/// <summary>
/// The module as a gallery user meets it: `./build.ps1 -Task Package` leaves a Release package holding the module and
/// nothing else, and the built module, published to a local PSResourceGet repository, installs and imports by name in
/// a fresh pwsh, without touching the PowerShell configuration of the user running the tests.
/// </summary>
public sealed class GalleryTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _root = Directory.CreateTempSubdirectory("clawbot-gallery-").FullName;

    public GalleryTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>What the module folder must hold besides its dlls (paths relative to it).</summary>
    private static readonly string[] ModuleFiles =
    {
        "ClawBot.psd1", "ClawBot.Format.ps1xml", "LICENSE", "en-US/ClawBot.dll-Help.xml", "en-US/about_ClawBot.help.txt",
    };

    private static readonly string[] ModuleAssemblies = { "ClawBot.dll", "ClawBot.Core.dll", "QRCoder.dll" };

    [Fact]
    public async Task Package_builds_Release_and_packs_the_module_and_nothing_else()
    {
        var before = UsersOwnConfiguration();
        // Compress-PSResource sets up PSResourceGet's files on first use: here in this test's folder, while dotnet
        // keeps the user's NuGet cache and settings (under HOME, which stays).
        var environment = new Dictionary<string, string?>
        {
            ["CLAWBOT_TEST_BUILD"] = Repo.File("build.ps1"),
            ["XDG_DATA_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName,
            ["XDG_CONFIG_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName,
            ["XDG_CACHE_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "cache")).FullName,
            ["PSModulePath"] = null,
        };
        var run = await RealPwsh.RunAsync("& $env:CLAWBOT_TEST_BUILD -Task Package", environment);
        _output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(before, UsersOwnConfiguration());

        var version = ManifestVersion();
        var folder = Repo.File("out", "release", "ClawBot");
        var inFolder = FilesUnder(folder);
        foreach (var required in ModuleFiles.Concat(ModuleAssemblies)) Assert.Contains(required, inFolder);
        var strays = inFolder.Where(f => !ModuleFiles.Contains(f) && !(f.EndsWith(".dll", StringComparison.Ordinal) && !f.Contains('/'))).ToList();
        Assert.True(strays.Count == 0, "not part of the module: " + string.Join(", ", strays));

        using var package = ZipFile.OpenRead(Repo.File("out", "packages", $"ClawBot.{version}.nupkg"));
        var packed = package.Entries.Select(e => Uri.UnescapeDataString(e.FullName)).Where(n => !IsPackageMetadata(n)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(inFolder, packed);
        foreach (var dll in package.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
        {
            using var pe = new PEReader(new MemoryStream(ReadAll(dll)));
            var metadata = pe.GetMetadataReader();
            Assert.False(HasAttribute(metadata, "ReferenceAssemblyAttribute"), $"{dll.FullName} is a reference assembly");
            var name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
            Assert.DoesNotMatch(new Regex("Tests?$|xunit|Pester|TestPlatform|System\\.Management\\.Automation", RegexOptions.IgnoreCase), name);
            if (name.StartsWith("ClawBot", StringComparison.Ordinal)) Assert.True(IsOptimized(metadata), $"{name} is not a Release build");
        }
        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName == "ClawBot.nuspec").Open());
        string Meta(string element) => nuspec.Descendants().Single(e => e.Name.LocalName == element).Value;
        Assert.Equal("ClawBot", Meta("id"));
        Assert.Equal(version, Meta("version"));

        using var zip = ZipFile.OpenRead(Repo.File("out", $"ClawBot-{version}.zip"));
        Assert.Equal(inFolder.Select(f => "ClawBot/" + f), zip.Entries.Where(e => e.Length > 0 || !e.FullName.EndsWith('/'))
            .Select(e => e.FullName.Replace('\\', '/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Installs_by_name_from_a_local_repository_and_imports_by_name_in_a_fresh_pwsh()
    {
        var before = UsersOwnConfiguration();
        var repository = Directory.CreateDirectory(Path.Combine(_root, "repository")).FullName;
        var environment = Isolated();
        environment["CLAWBOT_TEST_MODULE"] = Path.GetDirectoryName(Repo.Manifest);
        environment["CLAWBOT_TEST_REPOSITORY"] = repository;

        var install = await RealPwsh.RunAsync("""
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name ClawBotLocal -Uri $env:CLAWBOT_TEST_REPOSITORY -Trusted
            Publish-PSResource -Path $env:CLAWBOT_TEST_MODULE -Repository ClawBotLocal
            Install-PSResource -Name ClawBot -Repository ClawBotLocal -Scope CurrentUser
            "INSTALLED=$((Get-InstalledPSResource -Name ClawBot).InstalledLocation)"
            """, environment);
        _output.WriteLine(install.ToString());
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Single(Directory.GetFiles(repository, "ClawBot.*.nupkg"));

        // A new process: nothing of the installing one is loaded.
        var use = await RealPwsh.RunAsync("""
            $ErrorActionPreference = 'Stop'
            if (Get-Module ClawBot) { throw 'ClawBot was loaded before Import-Module.' }
            Import-Module ClawBot
            $module = Get-Module ClawBot
            "MODULEBASE=$($module.ModuleBase)"
            "VERSION=$($module.Version)"
            "COMMANDS=$((Get-Command -Module ClawBot | Sort-Object Name).Name -join ',')"
            $help = Get-Help Connect-ClawBot -Full
            "SYNOPSIS=$($help.Synopsis)"
            "PARAMETERS=$(@($help.parameters.parameter).Count)"
            "EXAMPLES=$(@($help.examples.example).Count)"
            'ABOUT-BEGIN'
            Get-Help about_ClawBot | Out-String -Width 200
            'ABOUT-END'
            """, environment);
        _output.WriteLine(use.ToString());
        Assert.True(use.ExitCode == 0, use.ToString());

        var installedIn = Path.Combine(_root, "home", ".local", "share", "powershell", "Modules");
        Assert.Equal(Path.Combine(installedIn, "ClawBot", ManifestVersion()), Value(use, "MODULEBASE"));
        Assert.Equal(ManifestVersion(), Value(use, "VERSION"));
        Assert.Equal("Connect-ClawBot,Disconnect-ClawBot,Get-ClawBot,Get-ClawContact,Receive-ClawMessage,Save-ClawAttachment,Send-ClawFile,Send-ClawMessage,Send-ClawTyping,Set-ClawContact",
            Value(use, "COMMANDS"));
        var synopsis = Value(use, "SYNOPSIS");
        Assert.True(synopsis.Length > 20 && !synopsis.StartsWith("Connect-ClawBot", StringComparison.Ordinal), "no help, only the syntax: " + synopsis);
        Assert.True(int.Parse(Value(use, "PARAMETERS")) >= 7);
        Assert.True(int.Parse(Value(use, "EXAMPLES")) >= 2);
        var about = Regex.Match(use.Stdout, "ABOUT-BEGIN(.*)ABOUT-END", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("about_ClawBot", about);
        Assert.Contains("SHORT DESCRIPTION", about);
        Assert.Contains("ClawBot.SendWindowClosed", about);

        Assert.Equal(before, UsersOwnConfiguration());
    }

    /// <summary>
    /// Everything pwsh and PSResourceGet 1.2.0 read or write on Linux and macOS is derived from HOME, which points into
    /// this test's folder: the module path (PSModulePath unset, so pwsh builds it afresh), PSResourceGet's repository
    /// list (~/.local/share/PSResourceGet), NuGet's user settings, which PSResourceGet creates (~/.config/NuGet), and
    /// pwsh's caches. The XDG variables are removed rather than pointed elsewhere: pwsh puts
    /// $XDG_DATA_HOME/powershell/Modules on the module path, but Install-PSResource -Scope CurrentUser always installs
    /// into ~/.local/share/powershell/Modules. The home has a ~/.config, as a user's has: without one, .NET reports no
    /// application-data folder and PSResourceGet writes NuGet/NuGet.Config into the current directory.
    /// </summary>
    private Dictionary<string, string?> Isolated()
    {
        var home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        Directory.CreateDirectory(Path.Combine(home, ".config"));
        return new()
        {
            ["HOME"] = home,
            ["XDG_DATA_HOME"] = null,
            ["XDG_CONFIG_HOME"] = null,
            ["XDG_CACHE_HOME"] = null,
            ["PSModulePath"] = null,
        };
    }

    /// <summary>The places a leak would change for the user running the tests: each file's path, size and hash.</summary>
    private static string UsersOwnConfiguration()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
        var places = new[]
        {
            Path.Combine(data, "PSResourceGet"), Path.Combine(data, "powershell", "Modules", "ClawBot"),
            Path.Combine(home, ".local", "share", "powershell", "Modules", "ClawBot"), Path.Combine(config, "NuGet"),
            Repo.File("NuGet"), // the child's working directory, where NuGet settings land when no config folder is found
        }.Distinct();
        return string.Join("\n", places.Select(place => Directory.Exists(place)
            ? place + ":\n" + string.Join("\n", Directory.EnumerateFiles(place, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => $"  {f} {new FileInfo(f).Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"))
            : place + ": none"));
    }

    private static string Value(PwshResult run, string key) =>
        run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    private static string ManifestVersion() =>
        Regex.Match(File.ReadAllText(Repo.File("ClawBot.psd1")), @"ModuleVersion\s*=\s*'([0-9.]+)'").Groups[1].Value;

    /// <summary>Every file under a folder, relative, with '/' separators, sorted.</summary>
    private static List<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    /// <summary>The parts of a .nupkg that NuGet adds around the content.</summary>
    private static bool IsPackageMetadata(string entry) =>
        entry.StartsWith("_rels/", StringComparison.Ordinal) || entry.StartsWith("package/", StringComparison.Ordinal)
        || entry == "[Content_Types].xml" || entry.EndsWith(".nuspec", StringComparison.Ordinal);

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool HasAttribute(MetadataReader metadata, string name) =>
        metadata.GetAssemblyDefinition().GetCustomAttributes().Any(h => AttributeName(metadata, metadata.GetCustomAttribute(h)) == name);

    private static string AttributeName(MetadataReader metadata, CustomAttribute attribute) => attribute.Constructor.Kind switch
    {
        HandleKind.MemberReference when metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
            => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name),
        HandleKind.MethodDefinition => metadata.GetString(metadata.GetTypeDefinition(metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType()).Name),
        _ => "",
    };

    /// <summary>A Release build: its DebuggableAttribute does not disable the JIT's optimisations.</summary>
    private static bool IsOptimized(MetadataReader metadata)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (AttributeName(metadata, attribute) != "DebuggableAttribute") continue;
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            const int disableOptimizations = 0x100;
            return (blob.ReadInt32() & disableOptimizations) == 0;
        }
        return true; // no DebuggableAttribute at all: nothing asks the JIT not to optimise
    }
}
