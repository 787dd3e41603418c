using System;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Monitor;

/// <summary>
/// Hears what a person watching a receive loop should know although nothing arrives: the service stopped answering
/// (once per outage, after <see cref="InboxOptions.OutageAfter"/> failed polls in a row) and answers again. Called from
/// the loop's thread.
/// </summary>
public interface IReceiveObserver
{
    /// <summary>Polls for <paramref name="profile"/> have failed <paramref name="failedPolls"/> times in a row; the last for <paramref name="reason"/>.</summary>
    void Unavailable(Profile profile, int failedPolls, string reason);

    /// <summary>A poll succeeded again after an outage that lasted about <paramref name="downFor"/>.</summary>
    void Restored(Profile profile, TimeSpan downFor);
}
