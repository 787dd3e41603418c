using System;
using System.Collections.Generic;
using ClawBot.Core.Api;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Monitor;

/// <summary>One bot a <see cref="MessageStream"/> listens to: its client, its profile and store, and whose messages are wanted.</summary>
public sealed class StreamSource
{
    /// <summary>Creates a source.</summary>
    /// <param name="client">The bot's client.</param>
    /// <param name="profile">Its profile (shared with the rest of the process; guarded by <see cref="Profile.SyncRoot"/>).</param>
    /// <param name="store">Where the profile is stored.</param>
    /// <param name="senders">User ids whose messages are wanted; null for all. Others are passed over: committed past, never handed on.</param>
    public StreamSource(ILinkClient client, Profile profile, ProfileStore store, IReadOnlyCollection<string>? senders = null)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Senders = senders is null ? null : new HashSet<string>(senders, StringComparer.Ordinal);
    }

    /// <summary>The bot's client.</summary>
    public ILinkClient Client { get; }
    /// <summary>The bot's profile.</summary>
    public Profile Profile { get; }
    /// <summary>The profile's store.</summary>
    public ProfileStore Store { get; }
    /// <summary>The wanted senders, or null for all.</summary>
    public ISet<string>? Senders { get; }
    /// <summary>Whatever the caller needs back with each batch (the module's session).</summary>
    public object? Tag { get; init; }
}
