namespace ClawBot.Simulator.State;

/// <summary>A context token the simulator issued with an inbound message: who it may reach and when it was born.</summary>
public sealed record ContextTokenGrant(string UserId, DateTimeOffset IssuedAt);
