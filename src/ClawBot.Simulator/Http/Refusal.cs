namespace ClawBot.Simulator.Http;

/// <summary>
/// Why a call is refused (its errmsg), and whether the rule is strict mode's (an assumption about the real service,
/// listed in the stats) or one PROTOCOL.md says the service enforces.
/// </summary>
public readonly record struct Refusal(string Message, bool Strict = false)
{
    /// <summary>A rule PROTOCOL.md documents (or the simulator always applied): refused in every mode.</summary>
    public static Refusal Always(string message) => new(message);

    /// <summary>A strict-mode rule: the real service's behaviour is unknown.</summary>
    public static Refusal StrictRule(string message) => new(message, true);
}
