namespace ClawBot.Simulator.Control;

/// <summary>The control API refused a call (404 unknown bot/code, 409 wrong state, 400 bad request).</summary>
public sealed class SimulatorControlException(int status, string body)
    : Exception($"simulator control API answered {status}: {body}")
{
    public int Status { get; } = status;
}
