namespace ClawBot.Simulator.State;

/// <summary>What one get_qrcode_status poll reports.</summary>
public sealed record QrAnswer(string Status, string? BotToken = null, string? BotId = null, string? UserId = null, string? RedirectHost = null);
