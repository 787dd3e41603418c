namespace ClawBot.Simulator.State;

/// <summary>One queued inbound message: its position in the bot's queue and its wire JSON, serialised once.</summary>
public sealed record InboundRecord(long Seq, ulong MessageId, string FromUserId, string ContextToken, string Json);
