using System;
using System.IO;
using ClawBot.Core.Errors;
using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>
/// Keeps the stored contact book in step with what was sent: counts are written at most once a second and when the
/// command ends (ProfileStore.SaveSoon, SavePending), and a failure to write them never turns a delivered message into
/// an error.
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
            Quietly(() => session.Store.SaveSoon(session.Profile, SaveInterval));
        }
    }

    /// <summary>The service refused a send the contact book allowed: close the window, and say so in the store at once.</summary>
    public static void RecordRefused(Session session, string userId)
    {
        lock (session.Gate)
        {
            ContactBook.RecordRefused(session.Profile, userId);
            Quietly(() => session.Store.SavePending(session.Profile));
        }
    }

    /// <summary>Writes what is still unsaved (end of a command).</summary>
    public static void Flush(Session session)
    {
        lock (session.Gate) Quietly(() => session.Store.SavePending(session.Profile));
    }

    private static void Quietly(Action save)
    {
        try
        {
            save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ProfileStoreException or ProfileChangedException)
        {
            // The message went out (or was refused); failing to store a counter must not turn that into an error. It
            // is written next time; a profile removed or bound again elsewhere shows itself on the next call that needs it.
        }
    }
}
