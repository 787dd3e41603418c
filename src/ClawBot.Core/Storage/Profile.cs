using System;
using System.Collections.Generic;

namespace ClawBot.Core.Storage;

/// <summary>
/// One bound bot as stored on disk: credentials, receive cursor, recently delivered ids and the contact book.
/// Holds secrets (token, context tokens): it lives only in the owner-only store file and in memory.
/// </summary>
public sealed class Profile
{
    /// <summary>The format this build writes; a file of a newer format is refused, never rewritten.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>How many delivered message ids are remembered, at least, to drop re-deliveries.</summary>
    public const int DeliveredIdCapacity = 2000;

    /// <summary>The file's format version.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;
    /// <summary>The profile name (file name stem).</summary>
    public string Name { get; set; } = "default";
    /// <summary>
    /// The bot token (secret). Empty in a stored profile whose token lives elsewhere (a secret store, an environment
    /// variable) and is given each time it is connected.
    /// </summary>
    public string BotToken { get; set; } = "";

    /// <summary>
    /// The token in memory came from elsewhere and is not to be written: saves keep whatever token the store holds
    /// (none, or an earlier one), and write everything else.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool TokenInMemoryOnly { get; set; }
    /// <summary><c>ilink_bot_id</c>.</summary>
    public string BotId { get; set; } = "";
    /// <summary>The WeChat user who bound the bot.</summary>
    public string? UserId { get; set; }
    /// <summary>The API base the service confirmed.</summary>
    public string BaseUrl { get; set; } = "";
    /// <summary>The CDN base, when not the default.</summary>
    public string? CdnBaseUrl { get; set; }
    /// <summary>When the bot was bound.</summary>
    public DateTimeOffset BoundAt { get; set; }
    /// <summary>The getupdates cursor covering every message already handed downstream.</summary>
    public string Cursor { get; set; } = "";
    /// <summary>
    /// The highest server <c>seq</c> the <see cref="Cursor"/> covers (0 = unknown). Cursors are opaque; this is how
    /// two runspaces saving one profile tell which cursor is further along, so the stored one never goes backwards.
    /// </summary>
    public long CursorSeq { get; set; }
    /// <summary>
    /// Ids of recently delivered messages, oldest first: at least the last <see cref="DeliveredIdCapacity"/>, and at
    /// most half as many again (the oldest are dropped in bulk).
    /// </summary>
    public List<string> DeliveredIds { get; set; } = new();
    /// <summary>The contact book, by user id.</summary>
    public Dictionary<string, ContactRecord> Contacts { get; set; } = new(StringComparer.Ordinal);

    // Loaded from or written to the store (not serialised): a later save that finds no file knows the profile was
    // removed meanwhile, and must not bring its token back.
    internal bool Stored { get; set; }

    // This copy is the profile's receiver (an Inbox runs on it): its delivered ids are the truth, and a merge keeps
    // them; any other copy takes the receiver's from the store.
    internal bool Receiving { get; set; }

    // Changes not written yet that a throttled save will write (sent counts), and when the profile was last written.
    internal bool HasUnsavedChanges { get; set; }
    internal DateTime LastSavedUtc { get; set; }

    // The stored file as this copy last read or wrote it (length and write time): a refresh that finds the same file
    // has nothing to read.
    internal (long Length, DateTime WrittenUtc)? StoredStamp { get; set; }

    /// <summary>
    /// Guards this profile in memory: the receive loop, sends and saves of one process may change it from several
    /// threads, and each holds this lock while it does.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object SyncRoot { get; } = new();

    /// <summary>
    /// This new binding continues <paramref name="previous"/> when both are the same bot (bound again after the service
    /// ended its session): the receive position, the delivered ids and the contact book carry over, so nothing is
    /// received twice. A different bot starts afresh. True when it carried over.
    /// </summary>
    public bool ContinueFrom(Profile previous)
    {
        if (previous is null || !string.Equals(previous.BotId, BotId, StringComparison.Ordinal)) return false;
        Cursor = previous.Cursor;
        CursorSeq = previous.CursorSeq;
        DeliveredIds = new List<string>(previous.DeliveredIds);
        Contacts = new Dictionary<string, ContactRecord>(previous.Contacts, StringComparer.Ordinal);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({BotId})";
}

/// <summary>What the bot knows of one user: the latest context token and when the user last wrote.</summary>
public sealed class ContactRecord
{
    /// <summary>The user id (<c>…@im.wechat</c>).</summary>
    public string UserId { get; set; } = "";
    /// <summary>An optional friendly name the script may use instead of the id.</summary>
    public string? Alias { get; set; }
    /// <summary>When <see cref="Alias"/> was last set or removed, so concurrent holders of the profile agree on the newer choice.</summary>
    public DateTimeOffset? AliasChangedAt { get; set; }
    /// <summary>The latest context token (secret).</summary>
    public string? ContextToken { get; set; }
    /// <summary>When that token was issued: its message's server time, else when it arrived.</summary>
    public DateTimeOffset? ContextTokenReceivedAt { get; set; }
    /// <summary>When the user last wrote to the bot.</summary>
    public DateTimeOffset? LastMessageAt { get; set; }
    /// <summary>Messages the bot sent since the user last wrote (the service allows a bounded number).</summary>
    public int SentSinceLastMessage { get; set; }

    // The count as the store held it when this copy last read or wrote it: what this copy sent since is the
    // difference, added to what others stored, so sends from several windows add up.
    internal int SentStored { get; set; }

    /// <inheritdoc />
    public override string ToString() => Alias is null ? UserId : $"{Alias} ({UserId})";
}
