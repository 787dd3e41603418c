namespace ClawBot.Simulator.State;

/// <summary>One sendtyping call the simulator accepted (SIM-19).</summary>
public sealed record TypingEvent(string UserId, int Status, DateTimeOffset At);
