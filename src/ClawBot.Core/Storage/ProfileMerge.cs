using System;
using System.Collections.Generic;
using System.Linq;

namespace ClawBot.Core.Storage;

/// <summary>
/// Merges what another holder of the same profile stored into the profile about to be saved, so concurrent runspaces
/// never undo each other: the cursor only moves forward, the receiver's delivered ids win, contacts are united and
/// sent counts add up.
/// </summary>
internal static class ProfileMerge
{
    /// <summary>
    /// The same binding: same bot, bound at the same time (every re-bind starts afresh with its own time). The token is
    /// not compared: a profile may be stored without it, its token given from a secret at each connect.
    /// </summary>
    public static bool SameBinding(Profile stored, Profile mine) =>
        string.Equals(stored.BotId, mine.BotId, StringComparison.Ordinal)
        && stored.BoundAt == mine.BoundAt;

    public static void Into(Profile mine, Profile stored)
    {
        // Opaque cursors cannot be compared; the server seq each one covers can. On a tie, ours is as far along.
        if (stored.CursorSeq > mine.CursorSeq && !string.IsNullOrEmpty(stored.Cursor))
        {
            mine.Cursor = stored.Cursor;
            mine.CursorSeq = stored.CursorSeq;
        }

        // Only the receiver hands messages on, so only it records delivered ids (the receive lock makes it one):
        // a copy that is not receiving takes them from the store as they are; the receiver keeps its own. (Uniting the
        // two lists and cutting them to size would drop the newest ids a stale copy did not know.)
        if (!mine.Receiving && stored.DeliveredIds.Count > 0)
        {
            mine.DeliveredIds.Clear();
            mine.DeliveredIds.AddRange(stored.DeliveredIds);
        }

        foreach (var pair in stored.Contacts)
        {
            if (!mine.Contacts.TryGetValue(pair.Key, out var ours))
            {
                mine.Contacts[pair.Key] = pair.Value;
                pair.Value.SentStored = pair.Value.SentSinceLastMessage;
                continue;
            }
            var other = pair.Value;
            if (other.ContextToken != null && (ours.ContextToken is null || other.ContextTokenReceivedAt > ours.ContextTokenReceivedAt))
            {
                ours.ContextToken = other.ContextToken;
                ours.ContextTokenReceivedAt = other.ContextTokenReceivedAt;
            }
            MergeSendCount(ours, other);
            // A removed alias is a null too, so "null" cannot mean "keep theirs": the newer change wins.
            var theirsNewer = other.AliasChangedAt is { } changed ? ours.AliasChangedAt is null || changed > ours.AliasChangedAt
                : ours.AliasChangedAt is null && ours.Alias is null; // neither dated (older files): keep whichever alias exists
            if (theirsNewer)
            {
                ours.Alias = other.Alias;
                ours.AliasChangedAt = other.AliasChangedAt;
            }
        }
    }

    /// <summary>
    /// The bot's sends since the user last wrote, counted by every holder of the profile: within the same window
    /// (the same last message), what this copy sent since it last read or wrote the store is added to what the store
    /// holds now; a newer window elsewhere starts from the store's count.
    /// </summary>
    private static void MergeSendCount(ContactRecord ours, ContactRecord stored)
    {
        if (stored.LastMessageAt is { } theirs && (ours.LastMessageAt is null || theirs > ours.LastMessageAt))
        {
            ours.LastMessageAt = theirs;
            ours.SentSinceLastMessage = stored.SentSinceLastMessage;
            ours.SentStored = stored.SentSinceLastMessage;
        }
        else if (stored.LastMessageAt == ours.LastMessageAt)
        {
            var unsaved = Math.Max(0, ours.SentSinceLastMessage - ours.SentStored);
            ours.SentSinceLastMessage = stored.SentSinceLastMessage + unsaved;
            ours.SentStored = stored.SentSinceLastMessage;
        }
        else
        {
            ours.SentStored = 0; // the store knows nothing yet of the window this copy is in
        }
    }

    /// <summary>After a save or a load: what this copy holds is what the store holds.</summary>
    public static void MarkStored(Profile profile)
    {
        foreach (var contact in profile.Contacts.Values) contact.SentStored = contact.SentSinceLastMessage;
    }
}
