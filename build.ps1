#Requires -Version 7.6
<#
.SYNOPSIS
    Builds, tests, packages or demonstrates the ClawBot module.

.DESCRIPTION
    A convenience wrapper: nothing needs it. `dotnet build ClawBot.sln` leaves the importable module folder in
    out/ClawBot, and `dotnet test ClawBot.sln` runs every test, the Pester suite included (CI uses exactly that).

      Build    dotnet build ClawBot.sln, then says where the module folder is.
      Test     dotnet test ClawBot.sln: the xunit suites and the Pester suite (pwsh and Pester come from the
               repository's tool manifest and NuGet; nothing needs to be installed).
      Package  A Release build of the module in out/release/ClawBot, zipped (out/ClawBot-<version>.zip) and packed as a
               PSResourceGet package (out/packages/ClawBot.<version>.nupkg) ready to publish.
      Demo     Build, start the iLink simulator (QR codes confirmed by themselves), bind a bot to it, let the simulated
               user write, receive and reply, push a small file, show what the simulated phone received, and check it
               byte for byte (the demo fails when anything is missing).
               With -Chat: start the simulator and its chat page (the phone in a browser) and run an echo bot in this
               terminal; bind it by pressing Scan and Confirm on the page, then chat. Ctrl+C ends it.

    Demo runs the module in a child pwsh, so this session never loads ClawBot.dll (which would lock it on Windows
    until the session ends). The child is the same PowerShell as this one, started from $PSHOME: never from this
    process's own path, which for a pwsh installed as a .NET tool is `dotnet` itself.

.PARAMETER Task
    Build (default), Test, Package or Demo.

.PARAMETER Chat
    With -Task Demo: the interactive demo in the browser instead of the scripted one.

.PARAMETER Configuration
    The dotnet build configuration: Debug by default, Release for Package. The module folder is out/ClawBot either way
    (out/release/ClawBot for Package).

.EXAMPLE
    ./build.ps1
    Builds the module into out/ClawBot.

.EXAMPLE
    ./build.ps1 -Task Demo -Chat
    Opens the simulator's chat page and runs Receive-ClawMessage | Send-ClawMessage -Text { "echo: " + $_.Text } here.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Demo
    On a machine with only the .NET SDK: pwsh comes from the repository's tool manifest, then the demo binds a bot,
    receives a message, replies and sends a file, all against the local simulator.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration,

    [switch] $Chat
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Solution = Join-Path $Root 'ClawBot.sln'
$ModuleDir = Join-Path $Root 'out/ClawBot'
$Manifest = Join-Path $ModuleDir 'ClawBot.psd1'
if (-not $Configuration) { $Configuration = if ($Task -eq 'Package') { 'Release' } else { 'Debug' } }

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host "> dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed (exit code $LASTEXITCODE)." }
}

# How to start another pwsh like this one. $PSHOME holds a native pwsh for package and tarball installs, and only
# pwsh.dll for the .NET tool, which dotnet runs.
function Get-PwshCommand {
    $native = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path -LiteralPath $native -PathType Leaf) { return , @($native) }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path -LiteralPath $dll -PathType Leaf) { return , @('dotnet', $dll) }
    throw "Cannot find pwsh or pwsh.dll in `$PSHOME ($PSHOME)."
}

# Runs a script file in a new pwsh; its exit code is the result. -Attached gives the child this console as it is (a
# person can see its QR code and press Ctrl+C); otherwise it runs -NonInteractive and its output is shown through here.
function Invoke-ChildPwsh([string] $Script, [string[]] $Arguments, [switch] $Attached) {
    $command = Get-PwshCommand
    $file = Join-Path ([IO.Path]::GetTempPath()) "clawbot-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8NoBOM
    try {
        $switches = $Attached ? @('-NoProfile') : @('-NoProfile', '-NonInteractive')
        $rest = @($command | Select-Object -Skip 1) + $switches + @('-File', $file) + $Arguments
        if (-not $Attached) {
            & $command[0] @rest | Out-Host # shown, not returned: the exit code is this function's only output
            return $LASTEXITCODE
        }
        # Process.Start with no redirection: the child inherits this terminal, which a native command run inside a
        # function would not (PowerShell pipes its output).
        $start = [Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in $rest) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $child = [Diagnostics.Process]::Start($start)
        while (-not $child.WaitForExit(200)) { } # a loop, so Ctrl+C here still runs the callers' finally blocks
        return $child.ExitCode
    }
    finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }
}

# Whether a person is at this terminal: then a child pwsh can draw a QR code in it.
function Test-Watched {
    -not ([Console]::IsInputRedirected -or [Console]::IsOutputRedirected) -and
        -not ([Environment]::GetCommandLineArgs() | Where-Object { $_ -match '^-noni' })
}

function Invoke-Build {
    Invoke-Dotnet build $Solution -c $Configuration
    if (-not (Test-Path $Manifest)) { throw "The build did not produce $Manifest." }
    Write-Host "Module folder: $ModuleDir" -ForegroundColor Green
    Write-Host "Try it:        Import-Module '$Manifest'"
}

function Invoke-Test {
    Invoke-Dotnet test $Solution -c $Configuration
}

function Invoke-Package {
    $releaseDir = Join-Path $Root 'out/release/ClawBot'
    if (Test-Path $releaseDir) { Remove-Item -LiteralPath $releaseDir -Recurse -Force }
    Invoke-Dotnet build (Join-Path $Root 'src/ClawBot/ClawBot.csproj') -c $Configuration "-p:ModuleOutDir=$releaseDir/"
    $version = (Import-PowerShellDataFile (Join-Path $Root 'ClawBot.psd1')).ModuleVersion
    $zip = Join-Path $Root "out/ClawBot-$version.zip"
    Compress-Archive -Path $releaseDir -DestinationPath $zip -Force
    $packages = Join-Path $Root 'out/packages'
    $null = New-Item -ItemType Directory -Path $packages -Force
    Compress-PSResource -Path $releaseDir -DestinationPath $packages
    Write-Host "Module:  $releaseDir ($Configuration)" -ForegroundColor Green
    Write-Host "Zip:     $zip" -ForegroundColor Green
    Write-Host "Package: $(Join-Path $packages "ClawBot.$version.nupkg")" -ForegroundColor Green
    Write-Host "To publish: Publish-PSResource -Path '$releaseDir' -Repository <name> -ApiKey <key>"
}

function Get-FreePort([int] $Preferred) {
    foreach ($port in @($Preferred, 0)) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port)
        try {
            $listener.Start()
            return $listener.LocalEndpoint.Port
        }
        catch { continue } # taken: try the next candidate (0 = any free port)
        finally { $listener.Stop() }
    }
}

# The demo itself, run in a child pwsh with the module imported. It fails (exit code 1) unless the simulated phone
# received exactly what the demo sent.
$DemoScript = @'
param([string] $Manifest, [string] $SimRoot, [string] $WorkFolder, [string] $QrCodePath)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$control = "${SimRoot}_sim"

# Nobody at the terminal (CI, a pipe): the QR code goes to a PNG file, as it would for a scheduled job.
$qr = $QrCodePath ? @{ QrCodePath = $QrCodePath } : @{}
Write-Host "`n1. Connect-ClawBot -BaseUrl $SimRoot$($QrCodePath ? ' -QrCodePath ' + $QrCodePath : '') : scan the QR code (here the simulator does it)" -ForegroundColor Cyan
Connect-ClawBot -BaseUrl $SimRoot -CdnBaseUrl "${SimRoot}c2c/" @qr
$session = Get-ClawBot -Current
Write-Host "   bot $($session.BotId), bound by $($session.UserId)"
$bot = [uri]::EscapeDataString($session.BotId)

Write-Host "`n2. The simulated phone user writes 'hello bot'" -ForegroundColor Cyan
$body = @{ fromUserId = $session.UserId; text = 'hello bot' } | ConvertTo-Json
$null = Invoke-RestMethod -Method Post -Uri "$control/bots/$bot/messages" -ContentType 'application/json' -Body $body

Write-Host "`n3. Receive-ClawMessage -First 1 | Send-ClawMessage -Text { 'echo: ' + `$_.Text }" -ForegroundColor Cyan
Receive-ClawMessage -First 1 -Timeout 60 |
    ForEach-Object { Write-Host "   received from $($_.From): $($_.Text)"; $_ } |
    Send-ClawMessage -Text { 'echo: ' + $_.Text }

Write-Host "`n4. Send-ClawFile: push a small file to the owner, with a caption" -ForegroundColor Cyan
$file = Join-Path $WorkFolder 'hello.txt'
Set-Content -LiteralPath $file -Value "Hello from ClawBot, $(Get-Date -Format 'yyyy-MM-dd HH:mm:ss')" -NoNewline
Send-ClawFile -LiteralPath $file -Caption 'a file from the demo' -PassThru | ForEach-Object { Write-Host "   sent: $_" }

Write-Host "`n5. What the simulated phone received" -ForegroundColor Cyan
# PowerShell 7.6 returns a JSON array as one object; the loop walks its items.
$received = Invoke-RestMethod -Uri "$control/bots/$bot/sent"
foreach ($item in $received) {
    if ($item.fileName) {
        $content = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($item.fileContent))
        Write-Host "   file '$($item.fileName)' (decrypted by the simulator): $content"
    }
    else { Write-Host "   text: $($item.text)" }
}
Disconnect-ClawBot

$problems = @()
$toOwner = @($received | Where-Object toUserId -EQ $session.UserId)
if (-not ($toOwner | Where-Object text -EQ 'echo: hello bot')) { $problems += "the echo reply 'echo: hello bot' did not arrive" }
if (-not ($toOwner | Where-Object text -EQ 'a file from the demo')) { $problems += 'the caption did not arrive' }
$files = @($toOwner | Where-Object fileName -EQ 'hello.txt')
if ($files.Count -ne 1) { $problems += "hello.txt arrived $($files.Count) times" }
elseif (-not [Linq.Enumerable]::SequenceEqual([byte[]][Convert]::FromBase64String($files[0].fileContent), [byte[]][IO.File]::ReadAllBytes($file))) {
    $problems += 'hello.txt did not arrive byte for byte'
}
if ($problems) {
    foreach ($p in $problems) { Write-Host "   FAILED: $p" -ForegroundColor Red }
    exit 1
}
Write-Host "`n   Checked: the echo reply, the caption and the file (byte for byte) reached the phone." -ForegroundColor Green
exit 0
'@

function Invoke-Demo {
    Invoke-Build

    $port = Get-FreePort 5480
    $simRoot = "http://127.0.0.1:$port/"
    $demoHome = Join-Path ([IO.Path]::GetTempPath()) "clawbot-demo-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $demoHome
    $previousHome = $env:CLAWBOT_HOME
    $simulator = $null
    try {
        Write-Host "Starting the iLink simulator on $simRoot (it scans and confirms QR codes by itself after 3 s)..." -ForegroundColor Cyan
        $simulator = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow `
            -ArgumentList @('run', '--no-build', '-c', $Configuration, '--project', (Join-Path $Root 'src/ClawBot.Simulator'), '--',
                '--urls', "http://127.0.0.1:$port", '--auto-confirm-seconds', '3', '--hold-seconds', '5') `
            -RedirectStandardOutput (Join-Path $demoHome 'simulator.out.txt') -RedirectStandardError (Join-Path $demoHome 'simulator.err.txt')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            try { $null = Invoke-RestMethod -Uri "${simRoot}_sim/stats" -TimeoutSec 2; break }
            catch {
                if ($simulator.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                    throw "The simulator did not start: $(Get-Content (Join-Path $demoHome 'simulator.err.txt') -Raw)"
                }
                Start-Sleep -Milliseconds 300
            }
        }

        # The demo's profile goes to a temporary store, never next to your own profiles.
        $env:CLAWBOT_HOME = Join-Path $demoHome 'profiles'
        $exitCode = (Test-Watched) ?
            (Invoke-ChildPwsh $DemoScript @($Manifest, $simRoot, $demoHome) -Attached) :
            (Invoke-ChildPwsh $DemoScript @($Manifest, $simRoot, $demoHome, (Join-Path $demoHome 'bind-qr.png')))
        if ($exitCode -ne 0) { throw "The demo failed (exit code $exitCode)." }
        Write-Host "`nDone. Against the real service: Import-Module '$Manifest'; Connect-ClawBot" -ForegroundColor Green
        Write-Host "To chat with a bot as the phone would, in a browser: ./build.ps1 -Task Demo -Chat" -ForegroundColor Green
    }
    finally {
        if ($simulator -and -not $simulator.HasExited) { $simulator.Kill($true) } # dotnet run and the server it started
        $env:CLAWBOT_HOME = $previousHome
        Remove-Item -LiteralPath $demoHome -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# The interactive demo: the chat page plays the phone, this terminal runs the bot.
$ChatScript = @'
param([string] $Manifest, [string] $SimRoot)
Import-Module $Manifest
Write-Host "`nBind the bot: on the page, open Bind, press Scan, then Confirm." -ForegroundColor Cyan
Connect-ClawBot -BaseUrl $SimRoot -CdnBaseUrl "${SimRoot}c2c/" -Timeout 600
if (-not (Get-ClawBot -Current -ErrorAction SilentlyContinue)) { exit 1 }
Write-Host "`nThe echo bot runs: chat on the page (Chats). Ctrl+C ends it." -ForegroundColor Cyan
Write-Host "> Receive-ClawMessage | Send-ClawMessage -Text { 'echo: ' + `$_.Text }" -ForegroundColor DarkGray
Receive-ClawMessage | ForEach-Object { Write-Host "  $($_.From): $([ClawBot.VisibleText]::Line($_.Text))"; $_ } | Send-ClawMessage -Text { 'echo: ' + $_.Text }
'@

function Invoke-ChatDemo {
    Invoke-Build
    $port = Get-FreePort 5480
    $simRoot = "http://127.0.0.1:$port/"
    $demoHome = Join-Path ([IO.Path]::GetTempPath()) "clawbot-chat-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $demoHome
    $previousHome = $env:CLAWBOT_HOME
    $simulator = $null
    try {
        $simulator = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow `
            -ArgumentList @('run', '--no-build', '-c', $Configuration, '--project', (Join-Path $Root 'src/ClawBot.Simulator'), '--', '--urls', "http://127.0.0.1:$port") `
            -RedirectStandardOutput (Join-Path $demoHome 'simulator.out.txt') -RedirectStandardError (Join-Path $demoHome 'simulator.err.txt')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            try { $null = Invoke-RestMethod -Uri "${simRoot}_sim/stats" -TimeoutSec 2; break }
            catch {
                if ($simulator.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The simulator did not start: $(Get-Content (Join-Path $demoHome 'simulator.err.txt') -Raw)" }
                Start-Sleep -Milliseconds 300
            }
        }
        Write-Host "The phone in a browser: $simRoot" -ForegroundColor Green
        $opener = @('xdg-open', 'open') | Where-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1
        if ($IsWindows) { Start-Process $simRoot }
        elseif ($opener) { & $opener $simRoot *> $null }
        else { Write-Host "(open it in a browser yourself)" }

        $env:CLAWBOT_HOME = Join-Path $demoHome 'profiles'
        # Attached to this terminal: it is the user's session.
        $null = Invoke-ChildPwsh $ChatScript @($Manifest, $simRoot) -Attached
    }
    finally {
        if ($simulator -and -not $simulator.HasExited) { $simulator.Kill($true) }
        $env:CLAWBOT_HOME = $previousHome
        Remove-Item -LiteralPath $demoHome -Recurse -Force -ErrorAction SilentlyContinue
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { if ($Chat) { Invoke-ChatDemo } else { Invoke-Demo } }
}
