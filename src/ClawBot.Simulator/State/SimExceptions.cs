namespace ClawBot.Simulator.State;

/// <summary>A control call named something that does not exist (HTTP 404 on the control API).</summary>
public sealed class SimNotFoundException(string message) : Exception(message);

/// <summary>A control call that the current state forbids, e.g. confirming an expired code (HTTP 409).</summary>
public sealed class SimConflictException(string message) : Exception(message);
