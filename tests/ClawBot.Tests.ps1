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
    function Get-Sha256([byte[]] $Bytes) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)) }

    # A fresh bot bound by QR code (auto-confirmed) with one message from its owner received, so the contact book
    # holds a context token. Returns the bot and owner ids.
    function Connect-TestBot {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $session = Connect-ClawBot -BaseUrl $script:SimBase -CdnBaseUrl $script:SimCdn -PassThru 6>$null
        $null = Send-SimText $session.BotId $session.UserId 'hi bot'
        Receive-ClawMessage -First 1 | Out-Null
        [pscustomobject]@{ BotId = $session.BotId; UserId = $session.UserId }
    }

    $script:Files = Join-Path $TestHome 'files'
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
    It 'binds by QR code, draws it on the PSHOST information stream and stores the profile' {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $session = Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru -InformationVariable info 6>$null
        $session.PSObject.TypeNames[0] | Should -Be 'ClawBot.Session'
        $session.BotId | Should -BeLike '*@im.bot'
        ($info | Where-Object { $_.Tags -contains 'PSHOST' }).MessageData -join "`n" | Should -Match 'Scan this QR code'
        Join-Path $env:CLAWBOT_HOME 'default.json' | Should -Exist
    }

    It 'stores the profile readable by its owner only' -Skip:$IsWindows {
        $null = Connect-TestBot
        (Get-Item (Join-Path $env:CLAWBOT_HOME 'default.json')).UnixFileMode |
            Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
    }

    It 'reuses a stored profile without a QR code' {
        $bot = Connect-TestBot
        Disconnect-ClawBot
        $session = Connect-ClawBot -PassThru -InformationVariable info 6>$null
        $session.BotId | Should -Be $bot.BotId
        ($info.MessageData -join "`n") | Should -Not -Match 'Scan this QR code'
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a name with a path in it'; Arguments = @{ Name = '../escape' }; Id = 'ClawBot.InvalidProfileName' }
        @{ Case = 'plain http to another host'; Arguments = @{ BaseUrl = 'http://example.com/' }; Id = 'ClawBot.InsecureBaseUrl' }
    ) {
        { Connect-ClawBot @Arguments } | Should -Throw -ErrorId "$Id,*"
    }

    It 'never shows the token on any stream' {
        Get-ClawBot | ForEach-Object { Disconnect-ClawBot -Name $_.Name -Forget -Confirm:$false }
        $all = & {
            Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru -Verbose
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

    It '-Forget -WhatIf deletes nothing' {
        $null = Connect-TestBot
        Disconnect-ClawBot -Forget -WhatIf
        Join-Path $env:CLAWBOT_HOME 'default.json' | Should -Exist
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

    It 'ends with ClawBot.SessionExpired when the service ends the session' {
        $null = Invoke-Sim POST "bots/$(Esc $bot.BotId)/expire-session"
        { Receive-ClawMessage -Timeout 5 } | Should -Throw -ErrorId 'ClawBot.SessionExpired,*'
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
        { Send-ClawMessage 'hello' } | Should -Throw -ErrorId 'ClawBot.NotConnected,*'
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
        [Convert]::FromBase64String($sent[0].fileContent) | Should -Be ([IO.File]::ReadAllBytes($path))
    }

    It 'routes an image by type and sends the caption first' {
        $path = New-TestFile 'chart.png' 40000
        Send-ClawFile $path -Caption 'CPU last night'
        $sent = Get-SimSent $bot.BotId
        $sent[0].text | Should -Be 'CPU last night'
        $sent[1].itemType | Should -Be 2
    }

    It 'takes Get-ChildItem output and wildcards' {
        $null = New-TestFile 'x1.log' 5; $null = New-TestFile 'x2.log' 6; $null = New-TestFile 'y.txt' 7
        Get-ChildItem -Path $Files -Filter 'x*.log' | Send-ClawFile -As File
        Send-ClawFile -Path (Join-Path $Files 'y*.txt')
        (Get-SimSent $bot.BotId).fileName | Sort-Object | Should -Be @('x1.log', 'x2.log', 'y.txt')
    }

    It 'reports ClawBot.FileNotFound and ClawBot.FileTooLarge and sends the rest' {
        $big = Join-Path $Files 'big.bin'
        $stream = [IO.File]::Create($big); $stream.SetLength(21MB); $stream.Dispose()
        $ok = New-TestFile 'ok.txt' 10
        Send-ClawFile -Path (Join-Path $Files 'missing.txt'), $big, $ok -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } |
            Should -Be @('ClawBot.FileNotFound', 'ClawBot.FileTooLarge')
        (Get-SimSent $bot.BotId).fileName | Should -Be 'ok.txt'
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

    It 'saves nothing with -WhatIf, and refuses a -Destination that is a file' {
        $null = Send-SimMedia $bot.BotId $bot.UserId Image (New-TestBytes 5000)
        $message = Receive-ClawMessage -First 1
        $message | Save-ClawAttachment $inbox -WhatIf
        Test-Path $inbox | Should -BeFalse
        { $message | Save-ClawAttachment (New-TestFile 'not-a-folder.txt' 3) } | Should -Throw -ErrorId 'ClawBot.NotAFile,*'
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

    It 'exports exactly the documented cmdlets' {
        (Get-Command -Module ClawBot).Name | Sort-Object |
            Should -Be @('Connect-ClawBot', 'Disconnect-ClawBot', 'Get-ClawBot', 'Get-ClawContact', 'Receive-ClawMessage', 'Save-ClawAttachment',
                'Send-ClawFile', 'Send-ClawMessage', 'Send-ClawTyping', 'Set-ClawContact')
    }
}
