namespace ClawBot.Core.Errors;

/// <summary>
/// Another session bound the stored profile again or removed it while this one held it: a save from here would undo
/// that (bring a forgotten token back, or make the user scan again), so it is refused and the file left as it is.
/// </summary>
public sealed class ProfileChangedException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public ProfileChangedException(string profileName, string what)
        : base($"The stored ClawBot profile '{profileName}' {what} while this session held it; this session's copy was not written.", "profile-store")
    {
        ProfileName = profileName;
    }

    /// <summary>The profile's name.</summary>
    public string ProfileName { get; }
}
