#Requires -Version 7.6
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
.SYNOPSIS
    Pester 5 tests of the ClawBot cmdlets in a real pwsh, against the local iLink simulator.

.DESCRIPTION
    `dotnet test ClawBot.sln` runs this suite (tests/ClawBot.Pwsh.Tests/PesterSuiteTests.cs) in pwsh 7.6.9 from the
    repository's local tool manifest, with Pester 5.7.1 from NuGet, against a simulator it starts; a failing test here
    fails that command. The xunit suite tests/ClawBot.Module.Tests hosts the same engine in-process and goes deeper
    (fault injection, secret scans, concurrency); the two tell the same story about what a user does, and where one
    tests something the other does not, tests/PARITY.md says why.

    The suite imports the BUILT module folder (out/ClawBot: run `dotnet build ClawBot.sln` or `./build.ps1` first).
    Run on its own, it starts the simulator with `dotnet run --project src/ClawBot.Simulator -- --urls
    http://127.0.0.1:<free port>` (QR codes confirmed by the simulator itself); with $env:CLAWBOT_TEST_SIMULATOR set
    to a running simulator's root URL, it uses that one. It drives the control API (/_sim, see
    src/ClawBot.Simulator/README.md) with Invoke-RestMethod. Profiles go to a temporary $env:CLAWBOT_HOME, so your own
    profiles are never touched.

    Run:  ./build.ps1 -Task Test      or      Invoke-Pester ./tests/ClawBot.Tests.ps1 -Output Detailed
#>

BeforeAll {
    $script:RepoRoot = Split-Path -Parent $PSScriptRoot
    $script:Manifest = Join-Path $RepoRoot 'out/ClawBot/ClawBot.psd1'
    if (-not (Test-Path $Manifest)) { throw "The module is not built: run 'dotnet build ClawBot.sln' (or ./build.ps1) first." }

    # A private profile store for the whole run.
    $script:TestHome = Join-Path ([IO.Path]::GetTempPath()) "clawbot-pester-$([guid]::NewGuid().ToString('n'))"
    $script:PreviousHome = $env:CLAWBOT_HOME
    $env:CLAWBOT_HOME = Join-Path $TestHome 'profiles'
    $null = New-Item -ItemType Directory -Path $TestHome -Force

    # The simulator: the one a test host started for this run (CLAWBOT_TEST_SIMULATOR, as `dotnet test` does), else
    # our own on a free port, with short holds and QR codes confirmed by themselves.
    if ($env:CLAWBOT_TEST_SIMULATOR) {
        $script:SimRoot = $env:CLAWBOT_TEST_SIMULATOR.TrimEnd('/') + '/'
        $script:SimProcess = $null
    }
    else {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $script:SimRoot = "http://127.0.0.1:$port/"
        $simArgs = @('run', '--project', (Join-Path $RepoRoot 'src/ClawBot.Simulator'), '--',
            '--urls', "http://127.0.0.1:$port", '--hold-seconds', '1', '--qr-hold-seconds', '1', '--auto-confirm-seconds', '0.2')
        $script:SimProcess = Start-Process -FilePath 'dotnet' -ArgumentList $simArgs -PassThru -NoNewWindow `
            -RedirectStandardOutput (Join-Path $TestHome 'simulator.out.txt') -RedirectStandardError (Join-Path $TestHome 'simulator.err.txt')
    }
    $script:SimBase = $SimRoot
    $script:SimCdn = "${SimRoot}c2c/"
    $deadline = [DateTime]::UtcNow.AddMinutes(3) # the first `dotnet run` may build the simulator
    while ($true) {
        try { $null = Invoke-RestMethod -Uri "${SimRoot}_sim/stats" -TimeoutSec 2; break }
        catch {
            if (($SimProcess -and $SimProcess.HasExited) -or [DateTime]::UtcNow -gt $deadline) {
                throw "The simulator did not start: $(Get-Content (Join-Path $TestHome 'simulator.err.txt') -Raw -ErrorAction SilentlyContinue)"
            }
            Start-Sleep -Milliseconds 300
        }
    }

    Import-Module $Manifest -Force

    # ---- control API helpers (README.md, "Control API")
    function Invoke-Sim {
        param([string] $Method, [string] $Path, $Body)
        $request = @{ Method = $Method; Uri = "${script:SimRoot}_sim/$Path" }
        if ($null -ne $Body) {
            $request.Body = $Body | ConvertTo-Json -Depth 5
            $request.ContentType = 'application/json'
        }
        # PowerShell 7.6 writes a JSON array as ONE object; returning it from a variable unrolls it, so callers see items.
        $answer = Invoke-RestMethod @request
        $answer
    }
    function Esc([string] $Id) { [uri]::EscapeDataString($Id) }
    function Send-SimText([string] $BotId, [string] $From, [string] $Text) {
        Invoke-Sim POST "bots/$(Esc $BotId)/messages" @{ fromUserId = $From; text = $Text }
    }
    function Get-SimSent([string] $BotId) { @(Invoke-Sim GET "bots/$(Esc $BotId)/sent") }
    function Send-SimMedia([string] $BotId, [string] $From, [string] $Kind, [byte[]] $Content, [string] $FileName, [string] $KeyEncoding = 'Default') {
        $body = @{ fromUserId = $From; mediaKind = $Kind; content = [Convert]::ToBase64String($Content); keyEncoding = $KeyEncoding }
        if ($FileName) { $body.fileName = $FileName }
        Invoke-Sim POST "bots/$(Esc $BotId)/messages" $body
    }
    function Get-SimTyping([string] $BotId) { @(Invoke-Sim GET "bots/$(Esc $BotId)/typing") }
    function Get-SimRequests([string] $Endpoint) { [int](Invoke-Sim GET 'stats').requestsByEndpoint.$Endpoint }
    function Get-ErrorId($ErrorRecord) { ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] }
    function Get-Sha256([byte[]] $Bytes) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)) }

    # A fresh bot bound by QR code (auto-confirmed) with one message from its owner received, so the contact book
    # holds a context token. Returns the bot and owner ids.
    function Connect-TestBot {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        # Nobody sees this pwsh (-NonInteractive, output redirected): the QR code goes to a PNG, as in any headless job.
        $session = Connect-ClawBot -BaseUrl $script:SimBase -CdnBaseUrl $script:SimCdn -QrCodePath $script:QrPng -PassThru 6>$null
        $null = Send-SimText $session.BotId $session.UserId 'hi bot'
        Receive-ClawMessage -First 1 | Out-Null
        [pscustomobject]@{ BotId = $session.BotId; UserId = $session.UserId }
    }

    $script:Files = Join-Path $TestHome 'files'
    $script:QrPng = Join-Path $TestHome 'qr.png'
    $null = New-Item -ItemType Directory -Path $Files -Force
    function New-TestBytes([int] $Size, [byte[]] $Magic = @()) {
        $bytes = [byte[]]::new($Size)
        [Random]::new($Size).NextBytes($bytes)
        [Array]::Copy($Magic, $bytes, $Magic.Length)
        , $bytes
    }
    function New-TestFile([string] $Name, [int] $Size) {
        $bytes = [byte[]]::new($Size)
        [Random]::new($Size).NextBytes($bytes)
        $path = Join-Path $script:Files $Name
        [IO.File]::WriteAllBytes($path, $bytes)
        $path
    }
}

AfterAll {
    Get-Module ClawBot | Remove-Module -Force
    if ($script:SimProcess -and -not $SimProcess.HasExited) { $SimProcess.Kill($true) } # `dotnet run` and its child
    $env:CLAWBOT_HOME = $script:PreviousHome
    Remove-Item -LiteralPath $script:TestHome -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Connect-ClawBot' {
    It 'binds by QR code in a headless pwsh: a PNG and one line on the PSHOST stream, and stores the profile' {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $png = Join-Path $TestHome 'headless-qr.png'
        $session = Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $png -PassThru -InformationVariable info 6>$null
        $session.PSObject.TypeNames[0] | Should -Be 'ClawBot.Session'
        $session.BotId | Should -BeLike '*@im.bot'
        [IO.File]::ReadAllBytes($png)[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
        $shown = ($info | Where-Object { $_.Tags -contains 'PSHOST' }).MessageData -join "`n"
        $shown | Should -Match ([regex]::Escape("Scan the QR code in $png"))
        $shown | Should -Not -Match '[▀▄█]' # no wall of block characters in a log
        Join-Path $env:CLAWBOT_HOME 'default.json' | Should -Exist
    }

    It 'writes the QR code PNG for its owner only, even over a file others could read' -Skip:$IsWindows {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $png = Join-Path $TestHome 'open-qr.png'
        Set-Content -LiteralPath $png -Value 'an older file'
        [IO.File]::SetUnixFileMode($png, [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead')
        $null = Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $png -PassThru 6>$null
        [IO.File]::ReadAllBytes($png)[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
        [IO.File]::GetUnixFileMode($png) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        Get-ChildItem -LiteralPath $TestHome -Filter '.open-qr.*.tmp' -Force | Should -BeNullOrEmpty
    }

    It 'reports a QR code it cannot save, offers the link alone, and goes on with the login' {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $blocker = Join-Path $TestHome 'a-file-not-a-folder'
        Set-Content -LiteralPath $blocker -Value 'x'
        $session = Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath (Join-Path $blocker 'qr.png') -PassThru -ErrorVariable saveErrors -ErrorAction SilentlyContinue -InformationVariable info 6>$null
        $saveErrors.FullyQualifiedErrorId | Should -Contain 'ClawBot.QrCodePathInvalid,ClawBot.Commands.ConnectClawBotCommand'
        ($info | Where-Object { $_.Tags -contains 'PSHOST' }).MessageData -join "`n" | Should -Match '^No QR code file to scan \(see the error above\); open this link in WeChat'
        $session.BotId | Should -BeLike '*@im.bot' # the simulator confirmed the code: the login went on
    }

    It 'fails at once with ClawBot.InteractionRequired when nobody could see a QR code and no -QrCodePath is given' {
        $failure = { Connect-ClawBot -Name nobody-sees -BaseUrl $SimBase -CdnBaseUrl $SimCdn } |
            Should -Throw -ErrorId 'ClawBot.InteractionRequired,*' -PassThru
        $failure.Exception.Message | Should -Match 'NonInteractive'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-QrCodePath'
        Join-Path $env:CLAWBOT_HOME 'nobody-sees.json' | Should -Not -Exist
    }

    It 'stores the profile readable by its owner only, in a folder only its owner can enter' -Skip:$IsWindows {
        $null = Connect-TestBot
        (Get-Item (Join-Path $env:CLAWBOT_HOME 'default.json')).UnixFileMode |
            Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        (Get-Item $env:CLAWBOT_HOME).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
    }

    It 'reuses a stored profile without a QR code' {
        $bot = Connect-TestBot
        Disconnect-ClawBot
        $session = Connect-ClawBot -PassThru -InformationVariable info 6>$null
        $session.BotId | Should -Be $bot.BotId
        ($info.MessageData -join "`n") | Should -Not -Match 'Scan (this|the) QR code'
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a name with a path in it'; Arguments = @{ Name = '../escape' }; Id = 'ClawBot.InvalidProfileName' }
        @{ Case = 'a name starting with a dot'; Arguments = @{ Name = '.hidden' }; Id = 'ClawBot.InvalidProfileName' }
        @{ Case = 'a name with a slash'; Arguments = @{ Name = 'a/b' }; Id = 'ClawBot.InvalidProfileName' }
        @{ Case = 'a name of 65 characters'; Arguments = @{ Name = 'x' * 65 }; Id = 'ClawBot.InvalidProfileName' }
        @{ Case = 'a name with spaces'; Arguments = @{ Name = 'name with spaces' }; Id = 'ClawBot.InvalidProfileName' }
        @{ Case = 'an empty name'; Arguments = @{ Name = '' }; Id = 'ParameterArgumentValidationError' }
        @{ Case = 'plain http to another host'; Arguments = @{ Name = 'x'; BaseUrl = 'http://example.com/' }; Id = 'ClawBot.InsecureBaseUrl' }
        @{ Case = 'plain http to a remote address'; Arguments = @{ Name = 'x'; BaseUrl = 'http://192.0.2.1:8080/ilink' }; Id = 'ClawBot.InsecureBaseUrl' }
        @{ Case = 'a CDN over plain http'; Arguments = @{ Name = 'x'; CdnBaseUrl = 'http://cdn.example.com/c2c/' }; Id = 'ClawBot.InsecureBaseUrl' }
        @{ Case = 'https with a plain-http CDN'; Arguments = @{ Name = 'x'; BaseUrl = 'https://example.com/'; CdnBaseUrl = 'http://198.51.100.7/c2c' }; Id = 'ClawBot.InsecureBaseUrl' }
        @{ Case = 'ftp'; Arguments = @{ Name = 'x'; BaseUrl = 'ftp://example.com/' }; Id = 'ClawBot.InvalidBaseUrl' }
        @{ Case = 'a relative URL'; Arguments = @{ Name = 'x'; BaseUrl = 'relative/path' }; Id = 'ClawBot.InvalidBaseUrl' }
        @{ Case = 'a URL that is no URL'; Arguments = @{ Name = 'x'; BaseUrl = 'garbage' }; Id = 'ClawBot.InvalidBaseUrl' }
    ) {
        { Connect-ClawBot @Arguments } | Should -Throw -ErrorId "$Id,*"
        Join-Path $env:CLAWBOT_HOME 'x.json' | Should -Not -Exist
    }

    It 'reports a stored profile that is <Case> as ClawBot.ProfileCorrupt and leaves it untouched' -ForEach @(
        @{ Case = 'not JSON'; Content = '{ this is not json' }
        @{ Case = 'empty'; Content = '' }
        @{ Case = 'of a newer format'; Content = '{ "formatVersion": 7, "name": "broken" }' }
    ) {
        $null = New-Item -ItemType Directory -Path $env:CLAWBOT_HOME -Force
        $path = Join-Path $env:CLAWBOT_HOME 'broken.json'
        [IO.File]::WriteAllText($path, $Content)
        { Connect-ClawBot -Name broken } | Should -Throw -ErrorId 'ClawBot.ProfileCorrupt,*'
        [IO.File]::ReadAllText($path) | Should -BeExactly $Content
        { Get-ClawBot } | Should -Not -Throw # listing does not fail because one profile is damaged
        Remove-Item -LiteralPath $path
    }

    It 'holds a stored profile to the same rule: a plain-http remote base is refused' {
        $null = Connect-TestBot
        Disconnect-ClawBot
        $path = Join-Path $env:CLAWBOT_HOME 'default.json'
        (Get-Content $path -Raw) -replace '"baseUrl": "[^"]*"', '"baseUrl": "http://192.0.2.1/"' | Set-Content $path
        { Connect-ClawBot } | Should -Throw -ErrorId 'ClawBot.InsecureBaseUrl,*'
    }

    It 'keeps sessions per runspace: a thread job uses the stored profile by itself, and its Disconnect ends only its own' {
        $bot = Connect-TestBot
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            "current: $((Get-ClawBot -Current).BotId)" # no Connect-ClawBot: the stored profile 'default'
            Disconnect-ClawBot
            try { Send-ClawMessage 'from the job' } catch { "after: $($_.FullyQualifiedErrorId)" }
        }
        $said = $job | Receive-Job -Wait -AutoRemoveJob
        $said[0] | Should -Be "current: $($bot.BotId)"
        $said[1] | Should -BeLike 'after: ClawBot.NotConnected,*'
        (Get-ClawBot -Current).IsConnected | Should -BeTrue # this runspace's session is its own
        Send-ClawMessage 'from here'
        (Get-SimSent $bot.BotId).text | Should -Be 'from here'
    }

    It 'never shows the token on any stream' {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $all = & {
            Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $QrPng -PassThru -Verbose
            $session = Get-ClawBot -Current
            $null = Send-SimText $session.BotId $session.UserId 'hi bot'
            Receive-ClawMessage -First 1 -Verbose -Debug
            Send-ClawMessage 'reply' -PassThru -Verbose -Debug
        } *>&1 | Out-String -Width 500
        # Every "...token": "value" the store holds (bot token, context tokens).
        $stored = Get-Content (Join-Path $env:CLAWBOT_HOME 'default.json') -Raw
        $secrets = [regex]::Matches($stored, '"\w*[Tt]oken"\s*:\s*"([^"]+)"') | ForEach-Object { $_.Groups[1].Value }
        $secrets | Should -Not -BeNullOrEmpty
        foreach ($secret in $secrets) { $all.Contains($secret) | Should -BeFalse }
    }
}

Describe 'Get-ClawBot and Disconnect-ClawBot' {
    It 'lists profiles, gets the current session and forgets a profile' {
        $bot = Connect-TestBot
        $info = Get-ClawBot
        $info.Name | Should -Be 'default'
        $info.IsCurrent | Should -BeTrue
        (Get-ClawBot -Current).UserId | Should -Be $bot.UserId

        Disconnect-ClawBot -Forget -Confirm:$false
        Join-Path $env:CLAWBOT_HOME 'default.json' | Should -Not -Exist
        { Get-ClawBot -Current } | Should -Throw -ErrorId 'ClawBot.NotConnected,*'
        Get-ClawBot -Name nothere -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.ProfileNotFound,*'
    }

    It '-Forget -WhatIf deletes nothing, and -WhatIf ends nothing' {
        $bot = Connect-TestBot
        Disconnect-ClawBot -Forget -WhatIf
        Join-Path $env:CLAWBOT_HOME 'default.json' | Should -Exist
        Disconnect-ClawBot -WhatIf
        (Invoke-Sim GET "bots/$(Esc $bot.BotId)").notifyStops | Should -Be 0
        Disconnect-ClawBot
        (Invoke-Sim GET "bots/$(Esc $bot.BotId)").notifyStops | Should -Be 1
    }

    It 'completes -Name from the stored profiles' {
        $null = Connect-TestBot
        (TabExpansion2 -inputScript 'Connect-ClawBot -Name def' -cursorColumn 25).CompletionMatches.CompletionText | Should -Be 'default'
    }
}

Describe 'Receive-ClawMessage' {
    BeforeEach { $bot = Connect-TestBot }

    It 'streams messages with their properties and stops after -First' {
        $null = Send-SimText $bot.BotId $bot.UserId 'hello'
        $null = Send-SimText $bot.BotId 'alice@im.wechat' 'hi there'
        $messages = @(Receive-ClawMessage -First 2)
        $messages.Count | Should -Be 2
        $messages[0].PSObject.TypeNames[0] | Should -Be 'ClawBot.Message'
        $messages[0].From | Should -Be $bot.UserId
        $messages[0].Text | Should -Be 'hello'
        $messages[0].Kind | Should -Be 'Text'
        "$($messages[0].ContextToken)" | Should -Be '(hidden)'
    }

    It 'writes each message down the pipeline as it arrives' {
        $null = Send-SimText $bot.BotId $bot.UserId 'first'
        # The second message is sent only once the first came out: a cmdlet that held its output to the end would hang.
        $texts = Receive-ClawMessage -First 2 -Timeout 30 | ForEach-Object {
            if ($_.Text -eq 'first') { $null = Send-SimText $bot.BotId $bot.UserId 'second' }
            $_.Text
        }
        $texts | Should -Be @('first', 'second')
    }

    It 'ends the stream when the handler throws, and that message comes again' {
        $null = Send-SimText $bot.BotId $bot.UserId 'one'
        # In a thread job of its own, so that a stream waiting out its -Timeout after the throw fails this test
        # (Wait-Job's limit is a hang guard, not a timing claim) instead of holding up the whole run.
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Connect-ClawBot 6>$null
            Receive-ClawMessage -Timeout 600 | ForEach-Object { throw 'handler failed' }
        }
        $ended = $job | Wait-Job -Timeout 120
        $job | Remove-Job -Force
        $ended | Should -Not -BeNullOrEmpty -Because 'the stream ends when its handler throws'
        $ended.State | Should -Be 'Failed'
        $ended.JobStateInfo.Reason.Message | Should -Be 'handler failed'
        (Receive-ClawMessage -Timeout 1).Text | Should -Be 'one' # never handled, so not delivered, so not lost
    }

    It 'repeats nothing after Select-Object -First stopped it' {
        1..5 | ForEach-Object { $null = Send-SimText $bot.BotId $bot.UserId "m$_" }
        (Receive-ClawMessage -Timeout 30 | Select-Object -First 2).Text | Should -Be @('m1', 'm2')
        (Receive-ClawMessage -Timeout 1).Text | Should -Be @('m3', 'm4', 'm5')
    }

    It 'lets one Receive-ClawMessage per profile receive: another fails at once with ClawBot.AlreadyReceiving' {
        $holding = [System.Threading.ManualResetEventSlim]::new()
        $release = [System.Threading.ManualResetEventSlim]::new()
        $null = Send-SimText $bot.BotId $bot.UserId 'for the job'
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Connect-ClawBot 6>$null
            # While its handler runs, this receiver holds the profile.
            Receive-ClawMessage -First 1 -Timeout 60 | ForEach-Object { ($using:holding).Set(); $null = ($using:release).Wait([TimeSpan]::FromSeconds(60)); $_.Text }
        }
        try {
            $holding.Wait([TimeSpan]::FromSeconds(60)) | Should -BeTrue
            { Receive-ClawMessage -Timeout 5 } | Should -Throw -ErrorId 'ClawBot.AlreadyReceiving,*'
            Send-ClawMessage 'sending is fine meanwhile'
            $release.Set()
            $job | Wait-Job -Timeout 120 | Receive-Job | Should -Be 'for the job'
        }
        finally { $release.Set(); $job | Remove-Job -Force }
        (Get-SimSent $bot.BotId).text | Should -Be 'sending is fine meanwhile'
        { Receive-ClawMessage -Timeout 1 } | Should -Not -Throw # the lock went with its receiver
    }

    It 'replies to each sender in one pipeline (echo bot)' {
        $null = Send-SimText $bot.BotId $bot.UserId 'hello'
        $null = Send-SimText $bot.BotId 'alice@im.wechat' 'hi there'
        Receive-ClawMessage -First 2 | Send-ClawMessage -Text { 'echo: ' + $_.Text }
        $sent = Get-SimSent $bot.BotId
        $sent | Where-Object { $_.toUserId -eq $bot.UserId -and $_.text -eq 'echo: hello' } | Should -HaveCount 1
        $sent | Where-Object { $_.toUserId -eq 'alice@im.wechat' -and $_.text -eq 'echo: hi there' } | Should -HaveCount 1
    }

    It 'filters with -From and ends after -Timeout seconds of quiet' {
        $null = Send-SimText $bot.BotId 'alice@im.wechat' 'skip me'
        $null = Send-SimText $bot.BotId $bot.UserId 'keep me'
        $elapsed = Measure-Command { $messages = @(Receive-ClawMessage -From $bot.UserId -Timeout 2) }
        $messages.Text | Should -Be 'keep me'
        $elapsed.TotalSeconds | Should -BeLessThan 15
    }

    It 'delivers nothing twice after a restart' {
        1..3 | ForEach-Object { $null = Send-SimText $bot.BotId $bot.UserId "m$_" }
        (Receive-ClawMessage -First 2).Text | Should -Be @('m1', 'm2')
        Disconnect-ClawBot
        Connect-ClawBot 6>$null
        (Receive-ClawMessage -Timeout 2).Text | Should -Be 'm3'
    }

    It 'ends with ClawBot.SessionExpired when the service ends the session, and says what to do' {
        $null = Invoke-Sim POST "bots/$(Esc $bot.BotId)/expire-session"
        $failure = { Receive-ClawMessage -Timeout 5 } | Should -Throw -ErrorId 'ClawBot.SessionExpired,*' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-ClawBot -Force'
    }

    It 'merges the streams of two profiles, and replies through the session each message came on' {
        $work = Connect-ClawBot -Name work -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $QrPng -PassThru 6>$null
        $home_ = Connect-ClawBot -Name home -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $QrPng -PassThru 6>$null
        $null = Send-SimText $work.BotId $work.UserId 'from work'
        $null = Send-SimText $home_.BotId $home_.UserId 'from home'
        $receipts = Receive-ClawMessage -Session $work, $home_ -First 2 -Timeout 30 | Send-ClawMessage -Text { 'ack ' + $_.Text } -PassThru
        $receipts.Session.Name | Sort-Object | Should -Be @('home', 'work')
        (Get-SimSent $work.BotId | Where-Object toUserId -EQ $work.UserId).text | Should -Be 'ack from work'
        (Get-SimSent $home_.BotId | Where-Object toUserId -EQ $home_.UserId).text | Should -Be 'ack from home'
    }

    It '-Debug shows each HTTP call and the retry decisions, without asking' {
        $null = Send-SimText $bot.BotId $bot.UserId 'hello'
        $null = Invoke-Sim POST 'faults' @{ endpoint = 'getupdates'; kind = 'Status'; status = 503; count = 1 }
        $all = Receive-ClawMessage -First 1 -Timeout 30 -Debug -ErrorVariable failed 5>&1
        $failed | Should -BeNullOrEmpty
        $debug = ($all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message
        $debug -match '^POST /ilink/bot/getupdates 503 \d+ ms$' | Should -Not -BeNullOrEmpty
        $debug -match '^getupdates: attempt 1 failed \(HTTP 503\); retrying in \d+ ms$' | Should -Not -BeNullOrEmpty
        ($all | Where-Object { $_ -isnot [System.Management.Automation.DebugRecord] }).Text | Should -Be 'hello'
    }
}

Describe 'Send-ClawMessage' {
    BeforeEach { $bot = Connect-TestBot }

    It 'sends piped text to the owner by default' {
        'disk full' | Send-ClawMessage
        $sent = Get-SimSent $bot.BotId
        $sent | Should -HaveCount 1
        $sent[0].toUserId | Should -Be $bot.UserId
        $sent[0].text | Should -Be 'disk full'
    }

    It 'chunks long text and counts the parts on the receipt' {
        $long = -join (0..249 | ForEach-Object { ('line {0:000}' -f $_) + "`n" })
        $receipt = Send-ClawMessage -To $bot.UserId -Text $long -PassThru
        $receipt.PSObject.TypeNames[0] | Should -Be 'ClawBot.SendReceipt'
        $receipt.Parts | Should -Be 3
        $sent = Get-SimSent $bot.BotId
        -join $sent.text | Should -BeExactly $long
    }

    It 'sends nothing with -WhatIf' {
        Send-ClawMessage -To $bot.UserId -Text 'not really' -WhatIf
        Get-SimSent $bot.BotId | Should -HaveCount 0
    }

    It 'reports ClawBot.NoContextToken for one recipient and still sends to the others' {
        Send-ClawMessage -To 'stranger@im.wechat', $bot.UserId -Text 'status: ok' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.NoContextToken,*'
        $failed[0].TargetObject | Should -Be 'stranger@im.wechat'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        (Get-SimSent $bot.BotId).toUserId | Should -Be $bot.UserId
    }

    It 'alerts on failure' {
        try { throw 'the backup failed' } catch { Send-ClawMessage -Text "job failed: $_" }
        (Get-SimSent $bot.BotId).text | Should -Be 'job failed: the backup failed'
    }

    It 'fails with ClawBot.NotConnected when not connected' {
        Disconnect-ClawBot
        $failure = { Send-ClawMessage 'hello' } | Should -Throw -ErrorId 'ClawBot.NotConnected,*' -PassThru
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-ClawBot'
    }

    It 'pushes later, in a new session, with the token the contact book kept' {
        Disconnect-ClawBot
        Connect-ClawBot 6>$null
        Send-ClawMessage -To $bot.UserId -Text 'the nightly job failed' -PassThru | ForEach-Object { $_.PSObject.TypeNames[0] } |
            Should -Be 'ClawBot.SendReceipt'
        (Get-SimSent $bot.BotId).text | Should -Be 'the nightly job failed'
    }

    It 'forwards a piped message with the new recipient''s own token, and replies with the sender''s' {
        $null = Send-SimText $bot.BotId 'alice@im.wechat' 'can you call me?'
        Receive-ClawMessage -First 1 -Timeout 30 | Send-ClawMessage -To $bot.UserId -Text { $_.From + ': ' + $_.Text }
        $null = Send-SimText $bot.BotId 'alice@im.wechat' 'thanks'
        Receive-ClawMessage -First 1 -Timeout 30 | Send-ClawMessage -Text 'on my way'
        $sent = Get-SimSent $bot.BotId
        $sent | Should -HaveCount 2 # the service refuses a token issued for someone else: both went
        $sent[0].toUserId | Should -Be $bot.UserId
        $sent[0].text | Should -Be 'alice@im.wechat: can you call me?'
        $sent[1].toUserId | Should -Be 'alice@im.wechat'
    }

    It 'reports a refusal by the service as ClawBot.ApiError, never as a success, and closes the window' {
        $null = Invoke-Sim POST 'faults' @{ endpoint = 'sendmessage'; kind = 'ApiError'; ret = -2; count = 1 }
        $null = Invoke-Sim DELETE 'stats'
        $receipts = 'refused', 'next' | Send-ClawMessage -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | ForEach-Object { Get-ErrorId $_ } | Should -Be @('ClawBot.ApiError', 'ClawBot.SendWindowClosed')
        $receipts | Should -BeNullOrEmpty
        Get-SimSent $bot.BotId | Should -HaveCount 0
        Get-SimRequests 'sendmessage' | Should -Be 1 # the second failed fast
        (Get-ClawContact $bot.UserId).SendsRemaining | Should -Be 0
    }

    It 'shares the contact book and the send window with another window (a thread job)' {
        $ready = [System.Threading.ManualResetEventSlim]::new()
        $go = [System.Threading.ManualResetEventSlim]::new()
        $file = New-TestFile 'for-carol.txt' 10
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Connect-ClawBot 6>$null
            ($using:ready).Set()
            $null = ($using:go).Wait([TimeSpan]::FromSeconds(60))
            # Carol wrote after this window connected: it reads what the other one stored before it sends.
            Send-ClawFile -LiteralPath $using:file -To carol@im.wechat
            1..3 | ForEach-Object { "from the job $_" } | Send-ClawMessage
        }
        try {
            $ready.Wait([TimeSpan]::FromSeconds(60)) | Should -BeTrue
            $null = Send-SimText $bot.BotId 'carol@im.wechat' 'hello from carol'
            Receive-ClawMessage -First 1 -Timeout 30 | Out-Null
            1..7 | ForEach-Object { "from here $_" } | Send-ClawMessage
            $go.Set()
            $job | Wait-Job -Timeout 120 | Receive-Job
            $job.State | Should -Be 'Completed'
        }
        finally { $job | Remove-Job -Force }
        (Get-SimSent $bot.BotId | Where-Object fileName -EQ 'for-carol.txt').toUserId | Should -Be 'carol@im.wechat'
        (Get-ClawContact $bot.UserId).SendsRemaining | Should -Be 0 # seven from here, three from the job
        Send-ClawMessage 'one too many' -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-ErrorId $failed[0] | Should -Be 'ClawBot.SendWindowClosed'
        (Get-SimSent $bot.BotId | Where-Object toUserId -EQ $bot.UserId) | Should -HaveCount 10
    }

    It 'uploads a file before its caption goes: a failed upload sends nothing' {
        $null = Invoke-Sim POST 'faults' @{ endpoint = 'cdn-upload'; kind = 'Status'; status = 400; count = 1 }
        Send-ClawFile -LiteralPath (New-TestFile 'report.txt' 20) -Caption 'the report' -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-ErrorId $failed[0] | Should -Be 'ClawBot.CdnError'
        Get-SimSent $bot.BotId | Should -HaveCount 0
    }

    It '-Verbose shows one line per HTTP call' {
        $verbose = Send-ClawMessage 'hello' -Verbose 4>&1
        $verbose.Message -match '^POST /ilink/bot/sendmessage 200 \d+ ms$' | Should -HaveCount 1
    }
}

Describe 'Bad parameter values' {
    BeforeAll {
        $bot = Connect-TestBot
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestHome 'a-folder') -Force
        $missing = Join-Path $TestHome 'missing.txt'
        $huge = 'y' * 100000
    }

    It '<Script> fails with <Expected>' -ForEach @(
        @{ Script = { Send-ClawMessage -Text '' }; Expected = 'ClawBot.InvalidArgument' }
        @{ Script = { Send-ClawMessage -Text '   ' }; Expected = 'ClawBot.InvalidArgument' }
        @{ Script = { Send-ClawMessage -Text "`t`n" }; Expected = 'ClawBot.InvalidArgument' }
        @{ Script = { Send-ClawMessage -Text 'x' -To '' }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Send-ClawMessage -Text 'x' -To $null }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Send-ClawMessage -Text 'x' -To @() }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Send-ClawMessage -Text 'x' -To $huge }; Expected = 'ClawBot.ContactNotFound' }
        @{ Script = { Send-ClawMessage -Text 'x' -Session 'nope' }; Expected = 'CannotConvertArgumentNoMessage' }
        @{ Script = { Send-ClawFile -Path $folder }; Expected = 'ClawBot.NotAFile' }
        @{ Script = { Send-ClawFile -LiteralPath $folder }; Expected = 'ClawBot.NotAFile' }
        @{ Script = { Send-ClawFile -Path $missing }; Expected = 'ClawBot.FileNotFound' }
        @{ Script = { Send-ClawFile -LiteralPath $missing }; Expected = 'ClawBot.FileNotFound' }
        @{ Script = { Send-ClawFile -Path '' }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Send-ClawFile -Path 'Env:\PATH' }; Expected = 'ClawBot.NotAFile' }
        @{ Script = { Send-ClawFile -Path $missing -As Picture }; Expected = 'CannotConvertArgumentNoMessage' }
        @{ Script = { Send-ClawFile -Path $missing -Caption '' }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Receive-ClawMessage -First 0 }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Receive-ClawMessage -First -3 }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Receive-ClawMessage -Timeout -5 }; Expected = 'ClawBot.InvalidArgument' }
        @{ Script = { Receive-ClawMessage -Timeout 'soon' }; Expected = 'CannotConvertArgumentNoMessage' }
        @{ Script = { Receive-ClawMessage -From '' }; Expected = 'ParameterArgumentValidationError' }
        @{ Script = { Receive-ClawMessage -From 'bosss' -Timeout 3 }; Expected = 'ClawBot.ContactNotFound' }
    ) {
        $ErrorActionPreference = 'Continue' # non-terminating errors stay records, terminating ones are caught
        $records = try { & $Script 2>&1 } catch { $_ }
        $ids = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object FullyQualifiedErrorId)
        $ids | Should -Not -BeNullOrEmpty
        ($ids | Where-Object { $_ -like "*$Expected*" }) | Should -Not -BeNullOrEmpty -Because "the errors were: $ids"
        $ids | Where-Object { $_ -like 'ClawBot.Unexpected*' } | Should -BeNullOrEmpty
    }

    It 'sent none of them' {
        Get-SimSent $bot.BotId | Should -HaveCount 0
    }
}

Describe 'Send-ClawFile' {
    BeforeEach { $bot = Connect-TestBot }

    It 'sends a file that arrives byte-identical' {
        $path = New-TestFile 'report.pdf' 300001
        $receipt = Send-ClawFile -Path $path -To $bot.UserId -PassThru
        $receipt.Kind | Should -Be 'File'
        $sent = Get-SimSent $bot.BotId
        $sent | Should -HaveCount 1
        $sent[0].itemType | Should -Be 4
        $sent[0].fileName | Should -Be 'report.pdf'
        # Hashes, not arrays: Should -Be compares arrays item by item, which takes half a minute at this size.
        Get-Sha256 ([Convert]::FromBase64String($sent[0].fileContent)) | Should -Be (Get-Sha256 ([IO.File]::ReadAllBytes($path)))
    }

    It 'sends a video as a video' {
        $path = New-TestFile 'clip.mp4' 50000
        Send-ClawFile $path
        $sent = Get-SimSent $bot.BotId
        $sent.itemType | Should -Be 5
        Get-Sha256 ([Convert]::FromBase64String($sent.fileContent)) | Should -Be (Get-Sha256 ([IO.File]::ReadAllBytes($path)))
    }

    It 'routes an image by type and sends the caption first' {
        $path = New-TestFile 'chart.png' 40000
        Send-ClawFile $path -Caption 'CPU last night'
        $sent = Get-SimSent $bot.BotId
        $sent[0].text | Should -Be 'CPU last night'
        $sent[1].itemType | Should -Be 2
    }

    It 'takes Get-ChildItem output, wildcards and piped paths' {
        $null = New-TestFile 'x1.log' 5; $null = New-TestFile 'x2.log' 6; $null = New-TestFile 'y.txt' 7
        Get-ChildItem -Path $Files -Filter 'x*.log' | Send-ClawFile -As File
        Send-ClawFile -Path (Join-Path $Files 'y*.txt')
        New-TestFile 'z.txt' 8 | Send-ClawFile
        (Get-SimSent $bot.BotId).fileName | Sort-Object | Should -Be @('x1.log', 'x2.log', 'y.txt', 'z.txt')
    }

    It 'reports ClawBot.FileNotFound, ClawBot.FileTooLarge and ClawBot.NotAFile before any upload, and sends the rest' {
        $big = Join-Path $Files 'big.bin'
        $stream = [IO.File]::Create($big); $stream.SetLength(21MB); $stream.Dispose()
        $ok = New-TestFile 'ok.txt' 10
        $null = Invoke-Sim DELETE 'stats'
        Send-ClawFile -LiteralPath (Join-Path $Files 'missing.txt'), $big, $Files, $ok -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | ForEach-Object { Get-ErrorId $_ } | Sort-Object | Should -Be @('ClawBot.FileNotFound', 'ClawBot.FileTooLarge', 'ClawBot.NotAFile')
        ($failed | Where-Object { (Get-ErrorId $_) -eq 'ClawBot.FileTooLarge' }).CategoryInfo.Category | Should -Be 'LimitsExceeded'
        ($failed | Where-Object { (Get-ErrorId $_) -eq 'ClawBot.FileNotFound' }).CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-SimSent $bot.BotId).fileName | Should -Be 'ok.txt'
        Get-SimRequests 'getuploadurl' | Should -Be 1
    }

    It 'never takes a piped message for a path: whoever writes to the bot must not pick files to send back' {
        $secret = New-TestFile 'id_ed25519' 100
        $null = Send-SimText $bot.BotId $bot.UserId $secret
        $null = Invoke-Sim DELETE 'stats'
        Receive-ClawMessage -First 1 -Timeout 30 | Send-ClawFile -Caption 'here' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        Get-SimSent $bot.BotId | Should -HaveCount 0
        Get-SimRequests 'getuploadurl' | Should -Be 0
    }

    It 'sends nothing with -WhatIf' {
        Send-ClawFile -Path (New-TestFile 'w.txt' 10) -WhatIf
        Get-SimSent $bot.BotId | Should -HaveCount 0
    }
}

Describe 'Save-ClawAttachment and Receive-ClawMessage -SaveAttachmentsTo' {
    BeforeEach {
        $bot = Connect-TestBot
        $inbox = Join-Path $TestHome "inbox-$([guid]::NewGuid().ToString('n'))"
    }

    It 'describes every media kind and saves it byte-identical while receiving' {
        $image = New-TestBytes 70000 ([byte[]](0x89, 0x50, 0x4E, 0x47))
        $file = New-TestBytes 123457
        $video = New-TestBytes 300000
        $voice = New-TestBytes 9000
        $null = Send-SimMedia $bot.BotId $bot.UserId Image $image
        $null = Send-SimMedia $bot.BotId $bot.UserId File $file 'q3 report.pdf'
        $null = Send-SimMedia $bot.BotId $bot.UserId Video $video
        $null = Invoke-Sim POST "bots/$(Esc $bot.BotId)/messages" @{ fromUserId = $bot.UserId; mediaKind = 'Voice'; text = 'call me back'; playTimeMs = 4200; content = [Convert]::ToBase64String($voice) }

        $messages = @(Receive-ClawMessage -First 4 -SaveAttachmentsTo $inbox)
        $messages.Kind | Should -Be @('Image', 'File', 'Video', 'Voice')
        $attachments = $messages.Attachments
        $attachments[0].PSObject.TypeNames[0] | Should -Be 'ClawBot.Attachment'
        $attachments[1].FileName | Should -Be 'q3 report.pdf'
        $attachments[1].Size | Should -Be 123457
        $attachments[1].Md5 | Should -Be ([Convert]::ToHexString([Security.Cryptography.MD5]::HashData($file)).ToLowerInvariant())
        $attachments[3].PlayTime | Should -Be ([timespan]::FromMilliseconds(4200))
        $attachments[3].Transcription | Should -Be 'call me back'
        $messages[3].Text | Should -Be 'call me back'

        $expected = $image, $file, $video, $voice
        for ($i = 0; $i -lt 4; $i++) {
            $attachments[$i].SavedFile.DirectoryName | Should -Be $inbox
            Get-Sha256 ([IO.File]::ReadAllBytes($attachments[$i].SavedFile.FullName)) | Should -Be (Get-Sha256 $expected[$i])
        }
        $attachments[0].SavedFile.Name | Should -BeLike '*.png'
        $attachments[1].SavedFile.Name | Should -Be 'q3 report.pdf'
    }

    It 'decrypts an image with key encoding <_>' -ForEach @('Default', 'Base64OfRaw', 'Base64OfHex', 'HexOnly', 'None') {
        $image = New-TestBytes 20000
        $null = Send-SimMedia $bot.BotId $bot.UserId Image $image -KeyEncoding $_
        $saved = Receive-ClawMessage -First 1 | Save-ClawAttachment -Destination $inbox
        $saved | Should -BeOfType System.IO.FileInfo
        Get-Sha256 ([IO.File]::ReadAllBytes($saved.FullName)) | Should -Be (Get-Sha256 $image)
    }

    It 'passes over text messages and saves attachments piped on their own' {
        $null = Send-SimText $bot.BotId $bot.UserId 'just text'
        $null = Send-SimMedia $bot.BotId $bot.UserId Image (New-TestBytes 5000)
        $null = Send-SimMedia $bot.BotId $bot.UserId File (New-TestBytes 6000) 'keep.bin'
        $messages = @(Receive-ClawMessage -First 3)
        @($messages[0] | Save-ClawAttachment $inbox).Count | Should -Be 0
        $files = @($messages.Attachments | Where-Object Kind -eq File | Save-ClawAttachment $inbox)
        $files.Name | Should -Be 'keep.bin'
        (Get-ChildItem $inbox).Name | Should -Be 'keep.bin'
    }

    It 'never overwrites a file unless -Force, and makes hostile names safe' {
        $content = New-TestBytes 10
        $null = Send-SimMedia $bot.BotId $bot.UserId File $content 'notes.txt'
        $null = Send-SimMedia $bot.BotId $bot.UserId File (New-TestBytes 11) '../../evil:name?.txt'
        $null = New-Item -ItemType Directory -Path $inbox
        Set-Content -LiteralPath (Join-Path $inbox 'notes.txt') -Value 'mine'
        $messages = @(Receive-ClawMessage -First 2)
        ($messages[0] | Save-ClawAttachment $inbox).Name | Should -Be 'notes (1).txt'
        ($messages[0].Attachments | Save-ClawAttachment $inbox -Force).Name | Should -Be 'notes.txt'
        Get-Sha256 ([IO.File]::ReadAllBytes((Join-Path $inbox 'notes.txt'))) | Should -Be (Get-Sha256 $content)
        $hostile = $messages[1] | Save-ClawAttachment $inbox
        $hostile.DirectoryName | Should -Be $inbox
        $hostile.Name | Should -Not -Match '[\\/:?]'
    }

    It 'reports a corrupted CDN object as an error naming the message, and leaves no file' {
        $sent = Send-SimMedia $bot.BotId $bot.UserId File (New-TestBytes 5000) 'x.bin'
        $null = Invoke-Sim POST 'faults' @{ endpoint = 'cdn-download'; kind = 'Malformed'; count = 1 }
        $messages = @(Receive-ClawMessage -First 1 -SaveAttachmentsTo $inbox -ErrorVariable failed -ErrorAction SilentlyContinue)
        $messages | Should -HaveCount 1 # the message itself is still delivered
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -BeIn @('ClawBot.CdnError', 'ClawBot.AttachmentIntegrity')
        $failed[0].ErrorDetails.Message | Should -Match ([regex]::Escape($sent.messageId))
        $failed[0].TargetObject.PSObject.TypeNames[0] | Should -Be 'ClawBot.Attachment'
        $messages[0].Attachments[0].SavedFile | Should -BeNullOrEmpty
        @(Get-ChildItem $inbox -Force -ErrorAction SilentlyContinue).Count | Should -Be 0 # not even a temporary file
    }

    It 'saves nothing with -WhatIf, and refuses a -Destination or -SaveAttachmentsTo that is a file' {
        $null = Send-SimMedia $bot.BotId $bot.UserId Image (New-TestBytes 5000)
        $notAFolder = New-TestFile 'not-a-folder.txt' 3
        { Receive-ClawMessage -First 1 -SaveAttachmentsTo $notAFolder } | Should -Throw -ErrorId 'ClawBot.NotAFile,*'
        $message = Receive-ClawMessage -First 1
        $message | Save-ClawAttachment $inbox -WhatIf
        Test-Path $inbox | Should -BeFalse
        { $message | Save-ClawAttachment $notAFolder } | Should -Throw -ErrorId 'ClawBot.NotAFile,*'
    }
}

Describe 'Get-ClawContact and Set-ClawContact' {
    BeforeEach {
        $bot = Connect-TestBot
        $null = Send-SimText $bot.BotId 'bob@im.wechat' 'hello'
        Receive-ClawMessage -First 1 | Out-Null
    }

    It 'lists the contact book, most recent first, without the context token' {
        $contacts = @(Get-ClawContact)
        $contacts.UserId | Should -Be @('bob@im.wechat', $bot.UserId)
        $contacts[0].PSObject.TypeNames[0] | Should -Be 'ClawBot.Contact'
        $contacts[0].CanSend | Should -BeTrue
        $contacts[0].SendsRemaining | Should -Be 10
        $contacts[0].WindowClosesAt | Should -BeGreaterThan ([DateTimeOffset]::Now.AddHours(23))
        $contacts[0].PSObject.Properties.Name | Should -Not -Contain 'ContextToken'
        (Get-ClawContact '*bob*').UserId | Should -Be 'bob@im.wechat'
        Get-ClawContact nobody@im.wechat -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.ContactNotFound,*'
    }

    It 'sends by alias, and counts what was sent' {
        Set-ClawContact $bot.UserId -Alias ops-phone -PassThru | ForEach-Object Alias | Should -Be 'ops-phone'
        Send-ClawMessage -To ops-phone -Text 'via alias'
        (Get-SimSent $bot.BotId | Where-Object text -eq 'via alias').toUserId | Should -Be $bot.UserId
        (Get-ClawContact ops-phone).SendsRemaining | Should -Be 9
    }

    It 'completes -To from aliases and user ids' {
        Set-ClawContact $bot.UserId -Alias ops-phone
        (TabExpansion2 -inputScript 'Send-ClawMessage -To ops' -cursorColumn 24).CompletionMatches.CompletionText | Should -Be 'ops-phone'
        (TabExpansion2 -inputScript 'Send-ClawMessage -To bo' -cursorColumn 23).CompletionMatches.CompletionText | Should -Be "'bob@im.wechat'"
    }

    It 'counts a reply sent while its message is still being handed on' {
        $null = Send-SimText $bot.BotId $bot.UserId 'status?'
        Receive-ClawMessage -First 1 -Timeout 30 | ForEach-Object { Send-ClawMessage -To $_.From -Text ('ack: ' + $_.Text) }
        (Get-SimSent $bot.BotId).text | Should -Be 'ack: status?'
        (Get-ClawContact $bot.UserId).SendsRemaining | Should -Be 9
    }

    It 'records the senders that -From passes over, so the bot may still write to them' {
        $null = Send-SimText $bot.BotId 'carol@im.wechat' 'from carol'
        $null = Send-SimText $bot.BotId $bot.UserId 'from me'
        (Receive-ClawMessage -From $bot.UserId -First 1 -Timeout 30).Text | Should -Be 'from me'
        (Get-ClawContact carol@im.wechat).CanSend | Should -BeTrue
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'an alias another contact holds'; UserId = 'bob@im.wechat'; Alias = 'taken'; Id = 'ClawBot.AliasInUse' }
        @{ Case = 'an alias with @'; UserId = 'bob@im.wechat'; Alias = 'a@b'; Id = 'ClawBot.InvalidAlias' }
        @{ Case = 'an unknown name'; UserId = 'nobody'; Alias = 'x'; Id = 'ClawBot.ContactNotFound' }
    ) {
        Set-ClawContact $bot.UserId -Alias taken
        Set-ClawContact -UserId $UserId -Alias $Alias -ErrorVariable e -ErrorAction SilentlyContinue
        $e | Should -HaveCount 1
        $e[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
    }

    It 'removes an alias with an empty -Alias, and it stays removed' {
        Set-ClawContact bob@im.wechat -Alias builder
        (Set-ClawContact builder -Alias '' -PassThru).Alias | Should -BeNullOrEmpty
        (Get-ClawContact bob@im.wechat).Alias | Should -BeNullOrEmpty
        Disconnect-ClawBot
        Connect-ClawBot 6>$null
        (Get-ClawContact bob@im.wechat).Alias | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Set-ClawContact bob@im.wechat -Alias builder -WhatIf
        (Get-ClawContact bob@im.wechat).Alias | Should -BeNullOrEmpty
    }

    It 'names the sender of a piped message' {
        $null = Send-SimText $bot.BotId 'carol@im.wechat' 'hi'
        Receive-ClawMessage -First 1 | Set-ClawContact -Alias carol
        (Get-ClawContact carol).UserId | Should -Be 'carol@im.wechat'
    }
}

Describe 'The send window' {
    BeforeEach { $bot = Connect-TestBot }

    It 'fails fast with ClawBot.SendWindowClosed once the allowance is used up, and a new message renews it' {
        $receipts = 1..11 | ForEach-Object { "n$_" } | Send-ClawMessage -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
        $receipts | Should -HaveCount 10
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.SendWindowClosed,*'
        $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'message'
        (Get-SimSent $bot.BotId) | Should -HaveCount 10 # the 11th spent no request
        (Get-ClawContact $bot.UserId).CanSend | Should -BeFalse

        $null = Send-SimText $bot.BotId $bot.UserId 'go on'
        Receive-ClawMessage -First 1 | Out-Null
        Send-ClawMessage 'n12'
        (Get-SimSent $bot.BotId) | Should -HaveCount 11
    }

    It 'fails fast when the stored context token is older than a day' {
        $path = Join-Path $env:CLAWBOT_HOME 'default.json'
        Disconnect-ClawBot
        $stored = Get-Content $path -Raw | ConvertFrom-Json
        foreach ($contact in $stored.contacts.PSObject.Properties.Value) { $contact.contextTokenReceivedAt = [DateTimeOffset]::UtcNow.AddDays(-2).ToString('O') }
        $stored | ConvertTo-Json -Depth 10 | Set-Content $path
        Connect-ClawBot 6>$null
        Send-ClawFile -Path (New-TestFile 'late.txt' 10) -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.SendWindowClosed,*'
        $failed[0].ErrorDetails.Message | Should -Match 'expired'
        Get-ClawContact -CanSend | Should -BeNullOrEmpty
        (Get-SimSent $bot.BotId).Count | Should -Be 0
    }
}

Describe 'Unattended use: a token from a secret, alerts that know their window' {
    BeforeEach {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $created = Invoke-Sim POST 'bots' @{}
        $bot = $created.botId
        $secret = ConvertTo-SecureString $created.botToken -AsPlainText -Force
    }

    It 'connects with -Credential keeping the token in memory, says nothing of it, and -Save stores it' {
        $all = & {
            Connect-ClawBot -Name alerts -Credential ([pscredential]::new($bot, $secret)) -UserId 'owner@im.wechat' `
                -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru -Verbose -Debug
        } *>&1 | Out-String -Width 400
        $all | Should -Not -Match ([regex]::Escape($created.botToken))
        $file = Join-Path $env:CLAWBOT_HOME 'alerts.json'
        Get-Content -LiteralPath $file -Raw | Should -Not -Match ([regex]::Escape($created.botToken))
        (Get-ClawBot -Current).BotId | Should -Be $bot

        Connect-ClawBot -Name alerts -Token $secret -Save
        Get-Content -LiteralPath $file -Raw | Should -Match ([regex]::Escape($created.botToken))
    }

    It 'refuses a token the service does not know with ClawBot.InvalidToken and stores nothing' {
        $bad = ConvertTo-SecureString 'not-the-token' -AsPlainText -Force
        { Connect-ClawBot -Name wrong -Token $bad -BotId $bot -BaseUrl $SimBase -CdnBaseUrl $SimCdn } |
            Should -Throw -ErrorId 'ClawBot.InvalidToken,*'
        try { Connect-ClawBot -Name wrong -Token $bad -BotId $bot -BaseUrl $SimBase -CdnBaseUrl $SimCdn } catch { $caught = $_ }
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$caught" | Should -Not -Match 'not-the-token'
        Join-Path $env:CLAWBOT_HOME 'wrong.json' | Should -Not -Exist
    }

    It 'warns once when a send leaves the window nearly spent, and Get-ClawContact shows it' {
        $bot = Connect-TestBot # a QR-bound bot whose owner wrote once: 10 sends allowed
        1..6 | ForEach-Object { "alert $_" } | Send-ClawMessage -WarningVariable early
        $early | Should -BeNullOrEmpty
        1..2 | ForEach-Object { "alert $_" } | Send-ClawMessage -WarningVariable nearly
        $nearly | Should -HaveCount 1
        "$($nearly[0])" | Should -Match 'only 2 more messages can reach them'
        "$($nearly[0])" | Should -Match 'Any message from them renews it'
        (Get-ClawContact $bot.UserId).Window | Should -Be 'NearlySpent'
        Send-ClawMessage 'one more' -WarningVariable last
        "$($last[0])" | Should -Match 'only 1 more message can reach them'
    }
}

Describe 'Input that is refused before anything is sent' {
    BeforeAll { $bot = Connect-TestBot }

    It 'a wildcard that matches no file is ClawBot.FileNotFound' {
        Send-ClawFile -Path (Join-Path $Files '*.nothing-like-this') -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.FileNotFound,*'
        "$($failed[0])" | Should -Match 'No file matches'
    }

    It 'text with half a surrogate pair is refused, not changed, and sends nothing' {
        $before = (Get-SimSent $bot.BotId).Count
        Send-ClawMessage "before $([char]0xD800) after" -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.InvalidArgument,*'
        "$($failed[0])" | Should -Match 'U\+D800 at position 8'
        (Get-SimSent $bot.BotId).Count | Should -Be $before
    }

    It 'a profile folder other users can change is warned about' -Skip:$IsWindows {
        $mode = (Get-Item $env:CLAWBOT_HOME).UnixFileMode
        try {
            chmod 777 $env:CLAWBOT_HOME
            Disconnect-ClawBot
            Connect-ClawBot -WarningVariable warned 6>$null
            "$warned" | Should -Match 'can be changed by other users \(mode 777\)'
            "$warned" | Should -Match 'chmod 700'
        }
        finally { (Get-Item $env:CLAWBOT_HOME).UnixFileMode = $mode }
    }
}

Describe 'Text from senders never drives the terminal' {
    It 'shows escape sequences, bidi overrides and line breaks from a sender as inert text, and keeps the exact text' {
        $bot = Connect-TestBot
        $esc = [char]0x1b
        $hostile = "$esc]2;pwned title$([char]7) | $esc[2J$esc[H | $esc[31mred$esc[0m | $([char]0x9b)2J | line`rOVERWRITTEN | $([char]0x202E)gnp.exe | para$([char]0x2028)graph"
        $null = Send-SimText $bot.BotId $bot.UserId $hostile
        $PSStyle.OutputRendering = 'PlainText' # PowerShell's own colours aside, nothing may be left
        try {
            $m = Receive-ClawMessage -First 1 -Timeout 20
            $shown = ($m | Out-String) + ($m | Format-List | Out-String) + "$m" + (Get-ClawContact | Out-String)
        }
        finally { $PSStyle.OutputRendering = 'Host' }
        $m.Text | Should -BeExactly $hostile # the object keeps what was sent
        $bad = ($shown -replace "`r`n", "`n").ToCharArray() | Where-Object {
            $c = [int]$_
            ($c -lt 0x20 -and $c -ne 10) -or ($c -ge 0x7f -and $c -le 0x9f) -or
                [Globalization.CharUnicodeInfo]::GetUnicodeCategory($_) -in 'Format', 'LineSeparator', 'ParagraphSeparator'
        }
        $bad | Should -BeNullOrEmpty -Because "nothing in the views may act on a terminal:`n$shown"
    }
}

Describe 'Send-ClawTyping and -ShowTyping' {
    BeforeEach { $bot = Connect-TestBot }

    It 'shows and cancels the indicator, and wraps a send with -ShowTyping' {
        Send-ClawTyping
        Send-ClawTyping -Stop
        Send-ClawMessage 'done thinking' -ShowTyping
        $typing = Get-SimTyping $bot.BotId
        $typing.status[0..2] | Should -Be @(1, 2, 1) # start, stop, then -ShowTyping's start (keep-alives may follow)
        $typing.status[-1] | Should -Be 2            # and its cancel once the message went out
        $typing.userId | Sort-Object -Unique | Should -Be $bot.UserId
        (Get-SimSent $bot.BotId).text | Should -Contain 'done thinking'
    }

    It 'shows typing during a file upload with -ShowTyping' {
        Send-ClawFile -Path (New-TestFile 'upload.bin' 200000) -ShowTyping
        (Get-SimTyping $bot.BotId).status | Should -Contain 1
        (Get-SimSent $bot.BotId).fileName | Should -Be 'upload.bin'
    }

    It 'types to a contact by alias, and to nobody with -WhatIf' {
        Send-ClawTyping -WhatIf
        (Get-SimTyping $bot.BotId).Count | Should -Be 0
        Set-ClawContact $bot.UserId -Alias me
        Send-ClawTyping me
        (Get-SimTyping $bot.BotId).userId | Should -Be $bot.UserId
    }

    It 'reports ClawBot.NoContextToken for a stranger and still types to the others' {
        Send-ClawTyping -To 'stranger@im.wechat', $bot.UserId -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClawBot.NoContextToken,*'
        (Get-SimTyping $bot.BotId).userId | Should -Be $bot.UserId
    }
}

Describe 'Help' {
    It '<_> has a synopsis, a description, every parameter described and at least three examples' -ForEach @(
        'Connect-ClawBot', 'Disconnect-ClawBot', 'Get-ClawBot', 'Receive-ClawMessage', 'Send-ClawMessage', 'Send-ClawFile',
        'Save-ClawAttachment', 'Get-ClawContact', 'Set-ClawContact', 'Send-ClawTyping'
    ) {
        $cmdlet = $_
        $help = Get-Help $cmdlet -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$cmdlet *"   # not the syntax fallback
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
        $documented = @{}
        foreach ($p in $help.parameters.parameter) { $documented[$p.name] = ($p.description.Text -join '') }
        $parameters = (Get-Command $cmdlet).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
        foreach ($name in $parameters) {
            $documented[$name] | Should -Not -BeNullOrEmpty -Because "-$name must be documented"
        }
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It 'exports exactly the documented cmdlets, each declaring its output type' {
        (Get-Command -Module ClawBot).Name | Sort-Object |
            Should -Be @('Connect-ClawBot', 'Disconnect-ClawBot', 'Get-ClawBot', 'Get-ClawContact', 'Receive-ClawMessage', 'Save-ClawAttachment',
                'Send-ClawFile', 'Send-ClawMessage', 'Send-ClawTyping', 'Set-ClawContact')
        Get-Command -Module ClawBot | Where-Object { $_.OutputType.Count -eq 0 } | Should -BeNullOrEmpty
    }

    It 'has an about topic: Get-Help about_ClawBot' {
        $about = Get-Help about_ClawBot | Out-String
        $about | Should -Match 'about_ClawBot'
        $about | Should -Match 'SHORT DESCRIPTION'
        $about | Should -Match 'ClawBot\.SendWindowClosed'
    }

    It 'points at no web address: no HelpUri, no online version, related links by name' {
        Get-Command -Module ClawBot | Where-Object HelpUri | Should -BeNullOrEmpty
        foreach ($command in Get-Command -Module ClawBot) {
            $links = (Get-Help $command.Name -Full).relatedLinks.navigationLink
            $links.linkText | Should -Contain 'about_ClawBot'
            $links | Where-Object uri | Should -BeNullOrEmpty -Because "$($command.Name) links to nothing online"
        }
    }
}

Describe 'The module folder and manifest' {
    It 'is a valid manifest of this version' {
        $manifest = Test-ModuleManifest -Path $Manifest
        $manifest.Version | Should -Be (Get-Module ClawBot).Version
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.ExportedCmdlets.Count | Should -Be 10
        # The project has no site yet: the only address the manifest gives is the licence's.
        @($manifest.ProjectUri, $manifest.LicenseUri, $manifest.IconUri, $manifest.HelpInfoUri) | Where-Object { $_ } |
            ForEach-Object { "$_" } | Should -Be 'https://spdx.org/licenses/MIT.html'
    }

    It 'ships the format file, the help, the about topic and the licence, and no engine assembly' {
        $folder = Split-Path -Parent $Manifest
        foreach ($file in 'ClawBot.Format.ps1xml', 'LICENSE', 'en-US/ClawBot.dll-Help.xml', 'en-US/about_ClawBot.help.txt') {
            Join-Path $folder $file | Should -Exist
        }
        Join-Path $folder 'System.Management.Automation.dll' | Should -Not -Exist
        (Get-Command Send-ClawMessage).ImplementingType.Assembly.Location | Should -Be (Join-Path $folder 'ClawBot.dll')
    }

    It 'has a format view for <_>' -ForEach @('ClawBot.Message', 'ClawBot.Session', 'ClawBot.SendReceipt', 'ClawBot.ProfileInfo', 'ClawBot.Attachment', 'ClawBot.Contact') {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }
}
