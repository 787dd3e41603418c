using System;
using System.Collections.Generic;

namespace ClawBot.Core.Storage;

/// <summary>
/// The session store: one JSON file per profile in one folder, written atomically (temp file + rename), the folder
/// 0700 and every file 0600 on Unix (owner-only ACL on Windows), created without a moment of wider access.
/// </summary>
public sealed class ProfileStore
{
    /// <summary>Environment variable that overrides the store folder.</summary>
    public const string HomeVariable = "CLAWBOT_HOME";

    /// <summary>$CLAWBOT_HOME, else the user's application-data folder + <c>ClawBot/profiles</c>.</summary>
    public static string DefaultDirectory => throw new NotImplementedException();

    /// <summary>Opens (does not create) the store at <paramref name="directory"/>, or the default.</summary>
    public ProfileStore(string? directory = null) => throw new NotImplementedException();

    /// <summary>The folder.</summary>
    public string Directory => throw new NotImplementedException();

    /// <summary>A profile name is 1–64 of letters, digits, '-', '_' and '.', not starting with '.'.</summary>
    public static bool IsValidName(string name) => throw new NotImplementedException();

    /// <summary>The file that holds a profile.</summary>
    public string PathOf(string name) => throw new NotImplementedException();

    /// <summary>Stored profile names, sorted.</summary>
    public IReadOnlyList<string> ListNames() => throw new NotImplementedException();

    /// <summary>Loads a profile, or null when none is stored. A corrupt or newer-format file throws <see cref="Errors.ProfileStoreException"/> and is left untouched.</summary>
    public Profile? TryLoad(string name) => throw new NotImplementedException();

    /// <summary>Writes a profile atomically with owner-only permissions.</summary>
    public void Save(Profile profile) => throw new NotImplementedException();

    /// <summary>Deletes a stored profile; false when there was none.</summary>
    public bool Delete(string name) => throw new NotImplementedException();

    /// <summary>The bot tokens of the most recently bound profiles, newest first (for <c>local_token_list</c>).</summary>
    public IReadOnlyList<string> RecentTokens(int max) => throw new NotImplementedException();
}
