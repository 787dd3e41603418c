using System;
using System.IO;
using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>
/// Keeps the stored contact book in step with what was sent. The send counter changes with every message, so it is
/// written at most once a second and when the command ends, not once per message (a 2 000-message pipeline would
/// otherwise rewrite the profile 2 000 times).
/// </summary>
internal static class ContactBookUpdates
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    public static void RecordSent(Session session, string userId, int parts)
    {
        if (parts <= 0) return;
        lock (session.Gate)
        {
            ContactBook.RecordSent(session.Profile, userId, parts);
            session.UnsavedChanges = true;
            if (DateTime.UtcNow - session.LastSavedUtc >= SaveInterval) SaveLocked(session);
        }
    }

    /// <summary>Writes what is still unsaved (end of a command).</summary>
    public static void Flush(Session session)
    {
        lock (session.Gate)
        {
            if (session.UnsavedChanges) SaveLocked(session);
        }
    }

    private static void SaveLocked(Session session)
    {
        try
        {
            session.Store.Save(session.Profile);
            session.UnsavedChanges = false;
            session.LastSavedUtc = DateTime.UtcNow;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ClawBot.Core.Errors.ProfileStoreException or ClawBot.Core.Errors.ProfileChangedException)
        {
            // The message went out; failing to store a counter must not turn that into an error. It is retried next
            // time; a profile removed or bound again elsewhere shows itself on the next call that needs it.
        }
    }
}
