namespace ClawBot.Simulator.State;

/// <summary>
/// The send window between a bot and one user (SIM-21): how many bot messages were delivered since the user's last
/// message, and the newest context token. Remaining = SendAllowance - SentSinceInbound, read live so tests may change
/// the option mid-run.
/// </summary>
public sealed class UserWindow
{
    public int SentSinceInbound { get; set; }
    public DateTimeOffset? LastTokenIssuedAt { get; set; }
}
