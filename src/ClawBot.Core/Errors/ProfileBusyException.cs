using System;

namespace ClawBot.Core.Errors;

/// <summary>
/// Another receiver (in this process or another) is already receiving on the profile. Two receivers would each see
/// part of the stream, so the second is refused at once; the lock dies with its holder.
/// </summary>
public sealed class ProfileBusyException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public ProfileBusyException(string profileName, Exception? inner = null)
        : base($"Messages of the ClawBot profile '{profileName}' are already being received in another window or process; one receiver per profile keeps every message delivered exactly once.", "receive", inner)
    {
        ProfileName = profileName;
    }

    /// <summary>The profile's name.</summary>
    public string ProfileName { get; }
}
