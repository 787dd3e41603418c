using System;
using System.Collections.Generic;
using System.Linq;

namespace ClawBot.Core.Storage;

/// <summary>
/// Merges what another holder of the same profile stored into the profile about to be saved, so concurrent runspaces
/// never undo each other: the cursor only moves forward, delivered ids and contacts are united.
/// </summary>
internal static class ProfileMerge
{
    /// <summary>The same binding: same bot, same token, bound at the same time (a re-bind starts afresh).</summary>
    public static bool SameBinding(Profile stored, Profile mine) =>
        string.Equals(stored.BotId, mine.BotId, StringComparison.Ordinal)
        && string.Equals(stored.BotToken, mine.BotToken, StringComparison.Ordinal)
        && stored.BoundAt == mine.BoundAt;

    public static void Into(Profile mine, Profile stored)
    {
        // Opaque cursors cannot be compared; the server seq each one covers can. On a tie, ours is as far along.
        if (stored.CursorSeq > mine.CursorSeq && !string.IsNullOrEmpty(stored.Cursor))
        {
            mine.Cursor = stored.Cursor;
            mine.CursorSeq = stored.CursorSeq;
        }

        var known = new HashSet<string>(mine.DeliveredIds, StringComparer.Ordinal);
        var theirs = stored.DeliveredIds.Where(id => !known.Contains(id)).ToList();
        if (theirs.Count > 0)
        {
            theirs.AddRange(mine.DeliveredIds);
            var excess = theirs.Count - Profile.DeliveredIdCapacity;
            if (excess > 0) theirs.RemoveRange(0, excess);
            mine.DeliveredIds.Clear();
            mine.DeliveredIds.AddRange(theirs);
        }

        foreach (var pair in stored.Contacts)
        {
            if (!mine.Contacts.TryGetValue(pair.Key, out var ours))
            {
                mine.Contacts[pair.Key] = pair.Value;
                continue;
            }
            var other = pair.Value;
            if (other.ContextToken != null && (ours.ContextToken is null || other.ContextTokenReceivedAt > ours.ContextTokenReceivedAt))
            {
                ours.ContextToken = other.ContextToken;
                ours.ContextTokenReceivedAt = other.ContextTokenReceivedAt;
            }
            if (other.LastMessageAt > ours.LastMessageAt || ours.LastMessageAt is null)
            {
                if (other.LastMessageAt != null) ours.SentSinceLastMessage = other.SentSinceLastMessage;
                ours.LastMessageAt = other.LastMessageAt ?? ours.LastMessageAt;
            }
            else if (other.LastMessageAt == ours.LastMessageAt)
            {
                ours.SentSinceLastMessage = Math.Max(ours.SentSinceLastMessage, other.SentSinceLastMessage);
            }
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
}
