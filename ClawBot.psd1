@{
    RootModule           = 'ClawBot.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0f6a4e-2b8c-4c1e-9a57-3f0d8e7b6c21'
    Author               = 'ClawBot contributors'
    CompanyName          = 'ClawBot'
    Copyright            = '(c) ClawBot contributors. MIT License.'
    Description          = 'Drive a personal-WeChat bot (the iLink "ClawBot" Bot API) from PowerShell: bind by QR code, stream messages down the pipeline, reply, push text and files.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ClawBot.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-ClawBot'
        'Disconnect-ClawBot'
        'Get-ClawBot'
        'Receive-ClawMessage'
        'Send-ClawMessage'
        'Send-ClawFile'
        'Send-ClawTyping'
        'Save-ClawAttachment'
        'Get-ClawContact'
        'Set-ClawContact'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('WeChat', 'Weixin', 'iLink', 'ClawBot', 'Bot', 'Chat', 'Notification', 'Alert', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            # No ProjectUri until the project has a public home; the LICENSE file ships in the module folder.
            LicenseUri   = 'https://spdx.org/licenses/MIT.html'
            ReleaseNotes = 'First release: QR bind, receive, send text and files.'
        }
    }
}
