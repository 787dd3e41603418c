using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>Turns what the user typed for -To or -From (an id or an alias) into a user id and what the contact book knows.</summary>
internal static class Recipients
{
    /// <summary>
    /// The user meant, after reading what other windows stored meanwhile; null when the text is neither a contact's
    /// id or alias nor a full user id (ContactBook.Resolve).
    /// </summary>
    public static (string UserId, ContactRecord? Contact)? Resolve(Session session, string toOrAlias)
    {
        lock (session.Gate)
        {
            Refresh(session);
            return ContactBook.Resolve(session.Profile, toOrAlias);
        }
    }

    /// <summary>Reads what other windows and processes stored (cheap when nothing changed); a store that cannot be read is left for the next save to report.</summary>
    public static void Refresh(Session session)
    {
        lock (session.Gate)
        {
            try { session.Store.Refresh(session.Profile); }
            catch (System.Exception e) when (e is System.IO.IOException or System.UnauthorizedAccessException) { }
        }
    }
}
