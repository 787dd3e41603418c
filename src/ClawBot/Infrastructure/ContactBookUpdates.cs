using System;
using System.IO;
using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>Keeps the stored contact book in step with what was sent.</summary>
internal static class ContactBookUpdates
{
    public static void RecordSent(Session session, string userId, int parts)
    {
        if (parts <= 0) return;
        lock (session.Gate)
        {
            ContactBook.RecordSent(session.Profile, userId, parts);
            try { session.Store.Save(session.Profile); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The message went out; failing to store a counter must not turn that into an error.
            }
        }
    }
}
