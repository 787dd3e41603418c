using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ClawBot.Module.Tests.Support;

/// <summary>A runspace of the real PowerShell engine with the built ClawBot module imported.</summary>
internal sealed class PsSession : IDisposable
{
    public PsSession(System.Management.Automation.Host.PSHost? host = null)
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(ModulePaths.Manifest);
        iss.ThrowOnRunspaceOpenError = true;
        Runspace = host is null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
        Runspace.Open();
    }

    public Runspace Runspace { get; }

    public void Set(string name, object? value) => Runspace.SessionStateProxy.SetVariable(name, value);

    public object? Get(string name) => Runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs a script to completion and captures every stream.</summary>
    public PsRun Run(string script) => Finish(Start(script), ps => ps.Invoke());

    /// <summary>Starts a script without waiting, for tests that act while it runs (scan a QR, Stop()).</summary>
    public Running Begin(string script)
    {
        var ps = Start(script);
        var output = new PSDataCollection<PSObject>();
        var handle = ps.BeginInvoke<PSObject, PSObject>(null, output);
        return new Running(ps, handle, output);
    }

    private PowerShell Start(string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        // Statement-terminating errors only reach the caller through a catch: record them so tests can tell
        // a terminating error from a non-terminating one.
        Runspace.SessionStateProxy.SetVariable("__clawTerminating", null);
        ps.AddScript("try {\n" + script + "\n} catch { $global:__clawTerminating = $_ }");
        return ps;
    }

    internal static PsRun Finish(PowerShell ps, Func<PowerShell, Collection<PSObject>> invoke)
    {
        Collection<PSObject> output = new();
        TerminatingError? terminating = null;
        try { output = invoke(ps); }
        catch (RuntimeException e) { terminating = new TerminatingError(e.ErrorRecord); }
        var caught = ps.Runspace.SessionStateProxy.GetVariable("__clawTerminating");
        if (terminating is null && ((caught as PSObject)?.BaseObject ?? caught) is ErrorRecord record)
        {
            terminating = new TerminatingError(record);
        }
        var run = new PsRun
        {
            Output = output,
            Errors = ps.Streams.Error.ToList(),
            Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            Debug = ps.Streams.Debug.Select(v => v.Message).ToList(),
            Warnings = ps.Streams.Warning.Select(v => v.Message).ToList(),
            Information = ps.Streams.Information.ToList(),
            Progress = ps.Streams.Progress.ToList(),
            Terminating = terminating,
        };
        ps.Dispose();
        return run;
    }

    public void Dispose() => Runspace.Dispose();

    /// <summary>A script in flight.</summary>
    internal sealed class Running
    {
        private readonly IAsyncResult _handle;

        public Running(PowerShell ps, IAsyncResult handle, PSDataCollection<PSObject> output)
        {
            PowerShell = ps; _handle = handle; Output = output;
        }

        public PowerShell PowerShell { get; }
        public PSDataCollection<PSObject> Output { get; }

        public PsRun End() => Finish(PowerShell, ps =>
            {
                ps.EndInvoke(_handle);
                return new Collection<PSObject>(Output.ToList());
            });

        /// <summary>Ctrl-C: stops the pipeline and collects what it produced.</summary>
        public PsRun Stop()
        {
            PowerShell.Stop();
            return Finish(PowerShell, _ =>
            {
                try { PowerShell.EndInvoke(_handle); }
                catch (PipelineStoppedException) { }
                return new Collection<PSObject>(Output.ToList());
            });
        }
    }
}
