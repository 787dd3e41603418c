using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Storage;

/// <summary>
/// The session store: one JSON file per profile in one folder, written atomically (temp file + rename), the folder
/// 0700 and every file 0600 on Unix (owner-only ACL on Windows), created without a moment of wider access.
/// </summary>
/// <remarks>
/// On Windows the folder and files are created with a protected ACL granting only the current user (WindowsAcl);
/// that path compiles and ships here but is exercised only on Windows.
/// </remarks>
public sealed class ProfileStore
{
    /// <summary>Environment variable that overrides the store folder.</summary>
    public const string HomeVariable = "CLAWBOT_HOME";

    private const string Extension = ".json";
    private readonly string _directory;

    /// <summary>$CLAWBOT_HOME, else the user's application-data folder + <c>ClawBot/profiles</c>.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var home = Environment.GetEnvironmentVariable(HomeVariable);
            if (!string.IsNullOrWhiteSpace(home)) return Path.GetFullPath(home!.Trim());
            var appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return Path.Combine(appData, "ClawBot", "profiles");
        }
    }

    /// <summary>Opens (does not create) the store at <paramref name="directory"/>, or the default.</summary>
    public ProfileStore(string? directory = null)
    {
        _directory = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory!);
    }

    /// <summary>The folder.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Why the store folder is not private enough, or null: on Unix, a folder other users can write (created by hand
    /// with a wide mode, not by ClawBot) lets them replace a profile, and so the bot a script talks through.
    /// </summary>
    public string? AccessProblem()
    {
        if (!UnixPermissions.IsUnix || !System.IO.Directory.Exists(_directory)) return null;
        var mode = UnixPermissions.ModeOf(_directory);
        if (mode is null || (mode & 0x12) == 0) return null; // 020 | 002: group or others may write
        return $"The profile folder '{_directory}' can be changed by other users (mode {System.Convert.ToString(mode.Value & 0x1FF, 8)}): they could replace a profile, and so the bot you talk through. Make it yours alone: chmod 700 '{_directory}'";
    }

    /// <summary>A profile name is 1–64 of letters, digits, '-', '_' and '.', not starting with '.'.</summary>
    public static bool IsValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || name[0] == '.') return false;
        foreach (var c in name)
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.')) return false;
        return true;
    }

    /// <summary>The file that holds a profile.</summary>
    public string PathOf(string name)
    {
        if (!IsValidName(name)) throw new ArgumentException($"'{name}' is not a valid profile name (1-64 letters, digits, '-', '_' or '.', not starting with '.').", nameof(name));
        return Path.Combine(_directory, name + Extension);
    }

    /// <summary>Stored profile names, sorted.</summary>
    public IReadOnlyList<string> ListNames()
    {
        if (!System.IO.Directory.Exists(_directory)) return Array.Empty<string>();
        return System.IO.Directory.EnumerateFiles(_directory, "*" + Extension)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(IsValidName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Loads a profile, or null when none is stored. A corrupt or newer-format file throws <see cref="Errors.ProfileStoreException"/> and is left untouched.</summary>
    public Profile? TryLoad(string name)
    {
        var stamp = StampOf(PathOf(name));
        var bytes = ReadStored(name);
        if (bytes is null) return null;
        RefuseNewerFormat(name, bytes);
        var profile = Parse(name, bytes);
        profile.StoredStamp = stamp;
        return profile;
    }

    /// <summary>
    /// Brings in what other holders of the profile (other windows, other processes) stored since this copy last read
    /// or wrote it: newer context tokens and contacts, their sends, the further cursor. Cheap when the file has not
    /// changed (one stat). A file of another binding, or one that cannot be read, is left for the next save to
    /// report. Call under <see cref="Profile.SyncRoot"/>. True when something was read.
    /// </summary>
    public bool Refresh(Profile profile)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        var stamp = StampOf(PathOf(profile.Name));
        if (stamp is null || stamp == profile.StoredStamp) return false;
        Profile stored;
        try
        {
            var bytes = ReadStored(profile.Name);
            if (bytes is null) return false;
            RefuseNewerFormat(profile.Name, bytes);
            stored = Parse(profile.Name, bytes);
        }
        catch (ProfileStoreException)
        {
            return false;
        }
        if (!ProfileMerge.SameBinding(stored, profile)) return false;
        ProfileMerge.Into(profile, stored);
        profile.StoredStamp = stamp;
        return true;
    }

    private static (long, DateTime)? StampOf(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The stored bytes, or null when there is no file; a file that exists but cannot be read is an error, never "none".
    private byte[]? ReadStored(string name)
    {
        var path = PathOf(name);
        try
        {
            if (!File.Exists(path)) return null;
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileStoreException(name, "the file cannot be read", ex);
        }
    }

    // The version is read on its own first, so a newer format is reported as such rather than as corruption.
    private static void RefuseNewerFormat(string name, byte[] bytes)
    {
        var version = ReadFormatVersion(name, bytes);
        if (version > Profile.CurrentFormatVersion)
            throw new ProfileStoreException(name, $"it was written by a newer ClawBot (format {version}; this one reads up to {Profile.CurrentFormatVersion})");
    }

    private static Profile Parse(string name, byte[] bytes)
    {
        Profile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(bytes, ProfileJson.Default.Profile);
        }
        catch (JsonException ex)
        {
            throw new ProfileStoreException(name, $"the file is not a valid profile (line {ex.LineNumber})");
        }
        if (profile is null) throw new ProfileStoreException(name, "the file is empty");
        Validate(name, profile);
        profile.Name = name;
        profile.BotToken = profile.BotToken?.Trim() ?? ""; // none: the token is given at each connect (a secret)
        profile.Cursor ??= "";
        if (profile.CursorSeq < 0) profile.CursorSeq = 0;
        profile.DeliveredIds = profile.DeliveredIds is null
            ? new List<string>()
            : profile.DeliveredIds.Where(id => !string.IsNullOrEmpty(id)).ToList();
        var contacts = new Dictionary<string, ContactRecord>(StringComparer.Ordinal);
        if (profile.Contacts != null)
        {
            foreach (var pair in profile.Contacts)
            {
                // A hand-edited book may hold nulls or records without their id; the key is the id.
                if (string.IsNullOrEmpty(pair.Key) || pair.Value is null) continue;
                if (string.IsNullOrEmpty(pair.Value.UserId)) pair.Value.UserId = pair.Key;
                contacts[pair.Key] = pair.Value;
            }
        }
        profile.Contacts = contacts;
        ProfileMerge.MarkStored(profile);
        profile.Stored = true;
        return profile;
    }

    // What every later call relies on: a clear error now beats a confusing one (or a token sent astray) later.
    private static void Validate(string name, Profile profile)
    {
        if (string.IsNullOrWhiteSpace(profile.BotId)) throw new ProfileStoreException(name, "it holds no botId");
        if (!IsHttpUrlOrEmpty(profile.BaseUrl)) throw new ProfileStoreException(name, "its baseUrl is not an http(s) URL");
        if (!IsHttpUrlOrEmpty(profile.CdnBaseUrl)) throw new ProfileStoreException(name, "its cdnBaseUrl is not an http(s) URL");
    }

    private static bool IsHttpUrlOrEmpty(string? url) =>
        string.IsNullOrEmpty(url)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

    /// <summary>
    /// Writes a profile atomically with owner-only permissions. Several runspaces or processes may hold the same
    /// profile: under a lock file, what another one stored since is merged in first (into <paramref name="profile"/>
    /// too): the further-along cursor, delivered ids and newer contact records. Nothing is merged across bindings.
    /// </summary>
    public void Save(Profile profile)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        var path = PathOf(profile.Name);
        UnixPermissions.CreateOwnerOnlyDirectory(_directory);

        using (AcquireLock(profile.Name))
        {
            var stored = StoredForSave(profile);
            if (stored is not null && ProfileMerge.SameBinding(stored, profile))
                ProfileMerge.Into(profile, stored);
            else if (stored is not null && stored.BoundAt > profile.BoundAt)
                throw new ProfileChangedException(profile.Name, $"was bound again elsewhere (at {stored.BoundAt.ToLocalTime():yyyy-MM-dd HH:mm:ss})");

            OwnerOnlyFile.Write(path, Serialize(profile, stored), flushToDisk: true);
            profile.Stored = true;
            profile.StoredStamp = StampOf(path);
            profile.HasUnsavedChanges = false;
            profile.LastSavedUtc = DateTime.UtcNow;
            ProfileMerge.MarkStored(profile);
        }
    }

    /// <summary>
    /// Writes changes that need not be written at once (send counts) when the last write is at least
    /// <paramref name="interval"/> old: a 2 000-message pipeline would otherwise rewrite the profile 2 000 times.
    /// <see cref="SavePending"/> writes the rest when the work ends. Call under <see cref="Profile.SyncRoot"/>.
    /// </summary>
    public void SaveSoon(Profile profile, TimeSpan interval)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        if (profile.HasUnsavedChanges && DateTime.UtcNow - profile.LastSavedUtc >= interval) Save(profile);
    }

    /// <summary>Writes the profile when it has changes not written yet. Call under <see cref="Profile.SyncRoot"/>.</summary>
    public void SavePending(Profile profile)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        if (profile.HasUnsavedChanges) Save(profile);
    }

    // A token kept in memory only is never written: the file keeps the token it had (none, or an earlier one).
    private static byte[] Serialize(Profile profile, Profile? stored)
    {
        if (!profile.TokenInMemoryOnly) return JsonSerializer.SerializeToUtf8Bytes(profile, ProfileJson.Default.Profile);
        var token = profile.BotToken;
        profile.BotToken = stored is not null && ProfileMerge.SameBinding(stored, profile) ? stored.BotToken : "";
        try { return JsonSerializer.SerializeToUtf8Bytes(profile, ProfileJson.Default.Profile); }
        finally { profile.BotToken = token; }
    }

    /// <summary>How long a save waits for another writer of the same profile.</summary>
    internal static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    // An exclusive open of ".locks/<name>.lock" (FileShare.None: flock on Unix, a share mode on Windows), across
    // runspaces and processes. The file holds nothing and stays, since removing it would race with the next writer;
    // it lives in a subfolder so the store folder itself holds only profiles.
    private IDisposable AcquireLock(string name)
    {
        var lockDirectory = Path.Combine(_directory, ".locks");
        UnixPermissions.CreateOwnerOnlyDirectory(lockDirectory);
        var lockPath = Path.Combine(lockDirectory, name + ".lock");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pause = 1;
        while (true)
        {
            try
            {
                if (!File.Exists(lockPath))
                {
                    try { UnixPermissions.CreateOwnerOnlyFile(lockPath); }
                    catch (IOException) when (File.Exists(lockPath)) { /* another writer created it first */ }
                }
                return new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && clock.Elapsed < LockTimeout)
            {
                System.Threading.Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 50);
            }
        }
    }

    /// <summary>
    /// Takes the profile's receive lock: one receiver per profile, so that every message reaches exactly one of them
    /// and the delivery journal has one writer. Held until disposed; the operating system releases it when the process
    /// dies, so a crash never leaves it held. Throws <see cref="ProfileBusyException"/> at once when it is taken, by
    /// this process or another.
    /// </summary>
    public IDisposable AcquireReceiveLock(string name)
    {
        var lockDirectory = Path.Combine(_directory, ".locks");
        UnixPermissions.CreateOwnerOnlyDirectory(_directory);
        UnixPermissions.CreateOwnerOnlyDirectory(lockDirectory);
        var lockPath = Path.Combine(lockDirectory, Path.GetFileNameWithoutExtension(PathOf(name)) + ".receiving");
        try
        {
            if (!File.Exists(lockPath))
            {
                try { UnixPermissions.CreateOwnerOnlyFile(lockPath); }
                catch (IOException) when (File.Exists(lockPath)) { /* another receiver created it first */ }
            }
            return new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(lockPath))
        {
            throw new ProfileBusyException(name, ex);
        }
    }

    /// <summary>
    /// Brings into <paramref name="profile"/> (in memory) what a receiver journaled after its last save: its delivered
    /// ids and position. For a binding about to be replaced by a new one of the same bot (whose journal would no longer
    /// apply), so that nothing comes twice after a re-bind. Call under <see cref="Profile.SyncRoot"/>.
    /// </summary>
    public void ApplyJournal(Profile profile)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        DeliveryJournal.ReadInto(JournalPathOf(profile.Name), profile);
    }

    /// <summary>The delivery journal of a profile (see <see cref="DeliveryJournal"/>).</summary>
    internal string JournalPathOf(string name) => Path.Combine(_directory, ".journal", Path.GetFileNameWithoutExtension(PathOf(name)) + ".journal");

    /// <summary>
    /// The stored copy to merge before a save (under the lock). A damaged file is overwritten by the valid profile in
    /// memory; a file that cannot be read or is of a newer format is not, and neither is a profile brought back after
    /// it was removed: each throws, and the file is left as it is.
    /// </summary>
    private Profile? StoredForSave(Profile profile)
    {
        var bytes = ReadStored(profile.Name);
        if (bytes is null)
        {
            if (profile.Stored)
                throw new ProfileChangedException(profile.Name, "was removed (Disconnect-ClawBot -Forget, or by hand)");
            return null;
        }
        RefuseNewerFormat(profile.Name, bytes);
        try { return Parse(profile.Name, bytes); }
        catch (ProfileStoreException) { return null; }
    }

    /// <summary>Deletes a stored profile; false when there was none. Waits for a save in progress, so none brings it back.</summary>
    public bool Delete(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path)) return false;
        using (AcquireLock(name))
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            TryDelete(JournalPathOf(name)); // what was received belongs to the profile, and goes with it
            return true;
        }
    }

    /// <summary>
    /// The bot tokens of the most recently bound profiles, newest first (for <c>local_token_list</c>), of those bound
    /// through the same service as <paramref name="loginBase"/> (scheme, host and port): a token goes only where it
    /// came from, never to a test server, a simulator or another host given as -BaseUrl.
    /// </summary>
    /// <remarks>Unreadable profiles are skipped: a damaged file must not block a new login.</remarks>
    public IReadOnlyList<string> RecentTokens(int max, Uri loginBase)
    {
        if (loginBase is null) throw new ArgumentNullException(nameof(loginBase));
        if (max <= 0) return Array.Empty<string>();
        var profiles = new List<Profile>();
        foreach (var name in ListNames())
        {
            try
            {
                if (TryLoad(name) is { } p && !string.IsNullOrWhiteSpace(p.BotToken) && SameOrigin(p.BaseUrl, loginBase)) profiles.Add(p);
            }
            catch (ProfileStoreException) { }
        }
        return profiles
            .OrderByDescending(p => p.BoundAt)
            .Select(p => p.BotToken)
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToList();
    }

    // A profile stores the base the service confirmed, which may differ from the one logged in through (a redirect):
    // what counts is the service that issued the token, so both are compared by origin.
    private static bool SameOrigin(string? stored, Uri loginBase) =>
        Uri.TryCreate(stored, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, loginBase.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, loginBase.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == loginBase.Port;

    private static int ReadFormatVersion(string name, byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new ProfileStoreException(name, "the file is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("formatVersion");
                if (!reader.Read()) break;
                if (isVersion)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)) return v;
                    throw new ProfileStoreException(name, "its formatVersion is not a number");
                }
                reader.Skip();
            }
            throw new ProfileStoreException(name, "the file has no formatVersion");
        }
        catch (JsonException ex)
        {
            throw new ProfileStoreException(name, $"the file is not valid JSON (line {ex.LineNumber})");
        }
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
