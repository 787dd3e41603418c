using System.Globalization;
using System.Text;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// get_updates_buf (SIM-08): an opaque string that encodes a position in the bot's queue (the seq of the last message
/// delivered). A random nonce makes every answer's cursor new even when the position did not move, so clients cannot
/// rely on comparing cursors.
/// </summary>
public static class CursorCodec
{
    private const string Magic = "simcur1";

    public static string Encode(long position) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Magic}:{position.ToString(CultureInfo.InvariantCulture)}:{Ids.Hex(4)}"));

    /// <summary>The position in <paramref name="cursor"/>; "" and anything unreadable mean the start of the queue.</summary>
    public static long Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        try
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(cursor)).Split(':');
            return parts.Length == 3 && parts[0] == Magic && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
