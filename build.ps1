#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, packages or demonstrates the ClawBot module.

.DESCRIPTION
    A convenience wrapper: nothing needs it. `dotnet build ClawBot.sln` leaves the importable module folder in
    out/ClawBot, and `dotnet test ClawBot.sln` runs every test (CI uses exactly that).

      Build    dotnet build ClawBot.sln, then says where the module folder is.
      Test     dotnet test ClawBot.sln, then the Pester 5 suite tests/ClawBot.Tests.ps1 when Pester 5 is installed.
      Package  Build, then zip out/ClawBot into out/ClawBot-<version>.zip.
      Demo     Build, start the iLink simulator (QR codes confirmed by themselves), bind a bot to it, let the simulated
               user write, receive and reply, push a small file, and show what the simulated phone received.

    Test and Demo import the module in a child pwsh, so this session never loads ClawBot.dll (which would lock it on
    Windows until the session ends).

.PARAMETER Task
    Build (default), Test, Package or Demo.

.PARAMETER Configuration
    The dotnet build configuration (Debug by default). The module folder is out/ClawBot either way.

.EXAMPLE
    ./build.ps1
    Builds the module into out/ClawBot.

.EXAMPLE
    ./build.ps1 -Task Demo
    Watches the module bind a bot, receive a message, reply and send a file, all against the local simulator.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [ValidateNotNullOrEmpty()]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Solution = Join-Path $Root 'ClawBot.sln'
$ModuleDir = Join-Path $Root 'out/ClawBot'
$Manifest = Join-Path $ModuleDir 'ClawBot.psd1'
$Pwsh = (Get-Process -Id $PID).Path

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host "> dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build {
    Invoke-Dotnet build $Solution -c $Configuration
    if (-not (Test-Path $Manifest)) { throw "The build did not produce $Manifest." }
    Write-Host "Module folder: $ModuleDir" -ForegroundColor Green
    Write-Host "Try it:        Import-Module '$Manifest'"
}

function Invoke-Test {
    Invoke-Dotnet test $Solution -c $Configuration

    $pester = Get-Module Pester -ListAvailable | Where-Object { $_.Version.Major -ge 5 } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed, so tests/ClawBot.Tests.ps1 was skipped (the xunit tests above cover the same behaviour). Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser to run it.'
        return
    }
    $suite = Join-Path $Root 'tests/ClawBot.Tests.ps1'
    & $Pwsh -NoProfile -NonInteractive -Command {
        param($PesterPath, $Suite)
        Import-Module $PesterPath -Force
        $result = Invoke-Pester -Path $Suite -Output Detailed -PassThru
        exit $result.FailedCount
    } -args $pester.Path, $suite
    if ($LASTEXITCODE -ne 0) { throw "Pester: $LASTEXITCODE test(s) failed." }
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile (Join-Path $Root 'ClawBot.psd1')).ModuleVersion
    $zip = Join-Path $Root "out/ClawBot-$version.zip"
    Compress-Archive -Path $ModuleDir -DestinationPath $zip -Force
    Write-Host "Package: $zip" -ForegroundColor Green
    Write-Host "To publish to a repository instead: Publish-PSResource -Path '$ModuleDir' -Repository <name> -ApiKey <key>  (or Publish-Module -Path ...)."
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
        & $Pwsh -NoProfile -NonInteractive -Command {
            param($Manifest, $SimRoot, $WorkFolder)
            $ErrorActionPreference = 'Stop'
            Import-Module $Manifest
            $control = "${SimRoot}_sim"

            Write-Host "`n1. Connect-ClawBot -BaseUrl $SimRoot : scan the QR code (here the simulator does it)" -ForegroundColor Cyan
            Connect-ClawBot -BaseUrl $SimRoot -CdnBaseUrl "${SimRoot}c2c/"
            $session = Get-ClawBot -Current
            Write-Host "   bot $($session.BotId), bound by $($session.UserId)"
            $bot = [uri]::EscapeDataString($session.BotId)

            Write-Host "`n2. The simulated phone user writes 'hello bot'" -ForegroundColor Cyan
            $body = @{ fromUserId = $session.UserId; text = 'hello bot' } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri "$control/bots/$bot/messages" -ContentType 'application/json' -Body $body

            Write-Host "`n3. Receive-ClawMessage -First 1 | Send-ClawMessage -Text { 'echo: ' + `$_.Text }" -ForegroundColor Cyan
            Receive-ClawMessage -First 1 |
                ForEach-Object { Write-Host "   received from $($_.From): $($_.Text)"; $_ } |
                Send-ClawMessage -Text { 'echo: ' + $_.Text }

            Write-Host "`n4. Send-ClawFile: push a small file to the owner" -ForegroundColor Cyan
            $file = Join-Path $WorkFolder 'hello.txt'
            Set-Content -LiteralPath $file -Value "Hello from ClawBot, $(Get-Date -Format 'yyyy-MM-dd HH:mm:ss')" -NoNewline
            Send-ClawFile -LiteralPath $file -Caption 'a file from the demo' -PassThru | ForEach-Object { Write-Host "   sent: $_" }

            Write-Host "`n5. What the simulated phone received" -ForegroundColor Cyan
            foreach ($item in @(Invoke-RestMethod -Uri "$control/bots/$bot/sent")) {
                if ($item.fileName) {
                    $content = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($item.fileContent))
                    Write-Host "   file '$($item.fileName)' (decrypted by the simulator): $content"
                }
                else { Write-Host "   text: $($item.text)" }
            }
            Disconnect-ClawBot
        } -args $Manifest, $simRoot, $demoHome
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
        Write-Host "`nDone. Against the real service: Import-Module '$Manifest'; Connect-ClawBot" -ForegroundColor Green
    }
    finally {
        if ($simulator -and -not $simulator.HasExited) { $simulator.Kill($true) } # dotnet run and the server it started
        $env:CLAWBOT_HOME = $previousHome
        Remove-Item -LiteralPath $demoHome -Recurse -Force -ErrorAction SilentlyContinue
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
}
