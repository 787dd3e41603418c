using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ClawBot.Infrastructure;

/// <summary>
/// The sessions of one runspace. Statics are shared by every runspace in the process, so state hangs off the
/// runspace itself: two runspaces never see each other's default session.
/// </summary>
internal sealed class RunspaceSessions
{
    private static readonly ConditionalWeakTable<Runspace, RunspaceSessions> Table = new();
    private static readonly RunspaceSessions Detached = new();

    private readonly Dictionary<string, Session> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The current runspace's sessions. Call on the pipeline thread, where DefaultRunspace is set.</summary>
    public static RunspaceSessions ForCurrentRunspace()
    {
        var runspace = Runspace.DefaultRunspace;
        return runspace is null ? Detached : Table.GetValue(runspace, _ => new RunspaceSessions());
    }

    /// <summary>The session cmdlets use when none is given: the last one connected.</summary>
    public Session? Current { get; private set; }

    public IReadOnlyCollection<Session> All => _byName.Values;

    /// <summary>
    /// Disconnect-ClawBot ended the runspace's current session: cmdlets no longer connect the stored profile by
    /// themselves until Connect-ClawBot runs again (else disconnecting would mean nothing).
    /// </summary>
    public bool ImplicitUseEnded { get; private set; }

    public Session? Find(string name) => _byName.TryGetValue(name, out var s) ? s : null;

    public void Add(Session session)
    {
        if (_byName.TryGetValue(session.Name, out var old) && !ReferenceEquals(old, session)) old.Disconnected = true;
        _byName[session.Name] = session;
        Current = session;
        ImplicitUseEnded = false;
    }

    public void Remove(Session session)
    {
        if (_byName.TryGetValue(session.Name, out var s) && ReferenceEquals(s, session)) _byName.Remove(session.Name);
        session.Disconnected = true;
        if (ReferenceEquals(Current, session))
        {
            Current = null;
            foreach (var other in _byName.Values) Current = other;
            if (Current is null) ImplicitUseEnded = true;
        }
    }
}
