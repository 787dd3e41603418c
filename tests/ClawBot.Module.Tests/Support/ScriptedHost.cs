using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ClawBot.Module.Tests.Support;

/// <summary>
/// An interactive host whose user types scripted lines: it lets tests drive prompts (the verification code of a QR
/// login) that the default, non-interactive host cannot answer.
/// </summary>
internal sealed class ScriptedHost : PSHost
{
    private readonly ScriptedUi _ui = new();

    /// <summary>Lines the "user" types, in order; a prompt with none left blocks until one is added.</summary>
    public BlockingCollection<string> Lines => _ui.Lines;

    /// <summary>Everything written to the console.</summary>
    public ConcurrentQueue<string> Written => _ui.Written;

    /// <summary>Raised when the host is asked to read a line, with the prompt text written just before.</summary>
    public event Action<string>? Prompted
    {
        add => _ui.Prompted += value;
        remove => _ui.Prompted -= value;
    }

    public override string Name => "ClawBot.Tests.ScriptedHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override PSHostUserInterface UI => _ui;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class ScriptedUi : PSHostUserInterface
    {
        private string _lastWrite = "";

        public BlockingCollection<string> Lines { get; } = new();
        public ConcurrentQueue<string> Written { get; } = new();
        public event Action<string>? Prompted;

        public override PSHostRawUserInterface? RawUI => null;

        public override string ReadLine()
        {
            Prompted?.Invoke(_lastWrite);
            return Lines.TryTake(out var line, TimeSpan.FromSeconds(30)) ? line : throw new TimeoutException("the test typed nothing");
        }

        public override void Write(string value) { _lastWrite = value; Written.Enqueue(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) => Written.Enqueue(value);
        public override void WriteErrorLine(string value) => Written.Enqueue(value);
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) => Written.Enqueue(message);
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
    }
}
