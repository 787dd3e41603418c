using System;
using System.Linq;
using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>Turns what the user typed for -To (an id or an alias) into a user id and what the contact book knows.</summary>
internal static class Recipients
{
    public static (string UserId, ContactRecord? Contact) Resolve(Session session, string toOrAlias)
    {
        lock (session.Gate)
        {
            var contacts = session.Profile.Contacts;
            if (contacts.TryGetValue(toOrAlias, out var byId)) return (toOrAlias, byId);
            var byAlias = contacts.Values.FirstOrDefault(c => string.Equals(c.Alias, toOrAlias, StringComparison.OrdinalIgnoreCase));
            return byAlias is null ? (toOrAlias, null) : (byAlias.UserId, byAlias);
        }
    }
}
