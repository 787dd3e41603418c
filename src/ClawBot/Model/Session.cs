using System;
using System.Threading;
using ClawBot.Core.Api;
using ClawBot.Core.Media;
using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot;

/// <summary>
/// A connected bot in this runspace (type name <c>ClawBot.Session</c>). It shows who and where, never the token;
/// every cmdlet takes it as -Session, and messages carry the session they arrived on.
/// </summary>
public sealed class Session
{
    internal Session(Profile profile, ProfileStore store, ILinkClient client)
    {
        Profile = profile;
        Store = store;
        Client = client;
        ConnectedSince = DateTimeOffset.Now;
    }

    /// <summary>The profile name.</summary>
    public string Name => Profile.Name;
    /// <summary>The bot's id (<c>…@im.bot</c>).</summary>
    public string BotId => Profile.BotId;
    /// <summary>The WeChat user who bound the bot; messages go to them when no recipient is given.</summary>
    public string? UserId => Profile.UserId;
    /// <summary>The API base the service confirmed.</summary>
    public Uri BaseUrl => Client.Options.BaseUrl;
    /// <summary>When this runspace connected.</summary>
    public DateTimeOffset ConnectedSince { get; }
    /// <summary>When the bot was bound.</summary>
    public DateTimeOffset BoundAt => Profile.BoundAt;
    /// <summary>How many users the contact book knows.</summary>
    public int ContactCount { get { lock (Gate) return Profile.Contacts.Count; } }
    /// <summary>The profile file.</summary>
    public string ProfilePath => Store.PathOf(Profile.Name);
    /// <summary>False once Disconnect-ClawBot ran.</summary>
    public bool IsConnected => !Disconnected;

    internal Profile Profile { get; }
    internal TypingIndicator Typing => _typing ??= new TypingIndicator(Client);
    internal AttachmentSaver Saver => _saver ??= new AttachmentSaver(Client);
    private TypingIndicator? _typing;
    private AttachmentSaver? _saver;
    internal ProfileStore Store { get; }
    internal ILinkClient Client { get; }
    internal bool Disconnected { get; set; }

    /// <summary>Serialises changes to the profile (contact book, cursor) and its saves: the core's lock for it.</summary>
    internal object Gate => Profile.SyncRoot;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({BotId})";
}
