using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Control;

/// <summary>The users a bot knows (binder first, then in order of appearance), with their send window.</summary>
public static class UserList
{
    public const int MaxNameLength = 40;

    public static List<SimUser> Build(SimState state, BotAccount bot)
    {
        lock (state.Sync)
        {
            var order = new List<string> { bot.UserId };
            var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            void Seen(string user, DateTimeOffset? at)
            {
                if (string.IsNullOrEmpty(user)) return;
                if (!last.TryGetValue(user, out var previous))
                {
                    if (!order.Contains(user)) order.Add(user);
                    if (at is { } first) last[user] = first;
                }
                else if (at is { } t && t > previous) last[user] = t;
            }
            foreach (var n in bot.Chat.Named) Seen(n.UserId, null);
            foreach (var m in bot.Chat.Inbound) Seen(m.FromUserId, m.At);
            foreach (var s in bot.Sent) Seen(s.ToUserId, s.ReceivedAt);
            foreach (var user in bot.Windows.Keys) Seen(user, null);

            return order.Select(user =>
            {
                var allowance = ControlRoutes.Allowance(state, bot, user);
                var issued = bot.Windows.TryGetValue(user, out var w) ? w.LastTokenIssuedAt : null;
                return new SimUser(user, bot.Chat.NameOf(user), user == bot.UserId, allowance.Remaining, issued,
                    allowance.TokenExpiresAt, last.TryGetValue(user, out var at) ? at : null);
            }).ToList();
        }
    }

    /// <summary>Names a user (a new one unless the request gives an id); naming the same id again renames.</summary>
    public static SimUser Add(SimState state, BotAccount bot, SimAddUserRequest request)
    {
        var name = (request.Name ?? "").Trim();
        if (name.Length == 0) throw new ArgumentException("name is required");
        if (name.Length > MaxNameLength || name.Any(char.IsControl)) throw new ArgumentException($"name must be at most {MaxNameLength} printable characters");
        var userId = string.IsNullOrWhiteSpace(request.UserId) ? Ids.UserId() : request.UserId.Trim();
        lock (state.Sync)
        {
            var named = bot.Chat.Named;
            var index = named.FindIndex(n => n.UserId == userId);
            if (index >= 0) named[index] = (userId, name, named[index].AddedAt);
            else named.Add((userId, name, state.Clock.Now));
            return Build(state, bot).Single(u => u.UserId == userId);
        }
    }
}
