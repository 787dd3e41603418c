namespace ClawBot.Simulator.Control;

/// <summary>
/// A simulated WeChat user as a bot sees them: who bound it, who wrote to it, who it wrote to, and users added by name
/// (chat page, control API). Remaining is the send allowance left (-1 = unlimited, SIM-21); the token times are those of
/// the user's newest context token (SIM-12), null before their first message.
/// </summary>
public sealed record SimUser(string UserId, string? Name, bool IsBinder, int Remaining, DateTimeOffset? TokenIssuedAt,
    DateTimeOffset? TokenExpiresAt, DateTimeOffset? LastActivityAt);

/// <summary>Body of POST /_sim/bots/{botId}/users: a named user (a new id unless <see cref="UserId"/> names one).</summary>
public sealed class SimAddUserRequest
{
    public string Name { get; set; } = "";
    public string? UserId { get; set; }
}
