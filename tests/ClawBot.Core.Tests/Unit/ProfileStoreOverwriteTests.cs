using System.Text;
using ClawBot.Core.Errors;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>
/// What a save may overwrite. Several sessions hold one profile; one of them may bind it again or remove it while
/// another still runs. A stale holder must never undo that (the user would have to scan the QR code again, or a
/// forgotten token would come back), nor rewrite a file it could not read.
/// </summary>
public sealed class ProfileStoreOverwriteTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ProfileStore _store;

    public ProfileStoreOverwriteTests() => _store = new ProfileStore(_dir.Combine("profiles"));

    public void Dispose() => _dir.Dispose();

    private static Profile Bound(string token, DateTimeOffset at) => new()
    {
        Name = "default", BotToken = token, BotId = "1a2b3c@im.bot", BaseUrl = "https://ilinkai.weixin.qq.com/", BoundAt = at,
    };

    [Fact]
    public void A_holder_of_the_older_binding_cannot_overwrite_the_new_one()
    {
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        _store.Save(Bound("old-token", t0));
        var stale = _store.TryLoad("default")!;          // a receive loop in another window
        _store.Save(Bound("new-token", t0.AddMinutes(30))); // Connect-ClawBot again, elsewhere

        stale.Cursor = "moved";
        var ex = Assert.Throws<ProfileChangedException>(() => _store.Save(stale));
        Assert.Contains("bound again", ex.Message);
        Assert.DoesNotContain("token", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("new-token", _store.TryLoad("default")!.BotToken);
    }

    [Fact]
    public void A_newer_binding_replaces_an_older_one()
    {
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        _store.Save(Bound("old-token", t0));
        _store.Save(Bound("new-token", t0.AddMinutes(30)));
        Assert.Equal("new-token", _store.TryLoad("default")!.BotToken);
    }

    [Fact]
    public void A_removed_profile_is_not_brought_back_by_a_later_save()
    {
        _store.Save(Bound("token", DateTimeOffset.UtcNow));
        var holder = _store.TryLoad("default")!;
        Assert.True(_store.Delete("default"));

        var ex = Assert.Throws<ProfileChangedException>(() => _store.Save(holder));
        Assert.Contains("removed", ex.Message);
        Assert.Null(_store.TryLoad("default"));
        Assert.False(_store.Delete("default"));
    }

    [Fact]
    public void A_new_profile_is_created_and_then_updated()
    {
        var profile = Bound("token", DateTimeOffset.UtcNow);
        _store.Save(profile);
        profile.Cursor = "c2";
        _store.Save(profile);
        Assert.Equal("c2", _store.TryLoad("default")!.Cursor);
    }

    [Fact]
    public void A_newer_format_file_is_left_as_it_is()
    {
        _store.Save(Bound("token", DateTimeOffset.UtcNow));
        var holder = _store.TryLoad("default")!;
        var newer = """{"formatVersion":2,"botToken":"t2","botId":"1a2b3c@im.bot","futureField":[1,2,3]}""";
        File.WriteAllText(_store.PathOf("default"), newer);

        Assert.Throws<ProfileStoreException>(() => _store.Save(holder));
        Assert.Equal(newer, File.ReadAllText(_store.PathOf("default")));
    }

    [Fact]
    public void A_damaged_file_is_replaced_by_the_valid_profile_in_memory()
    {
        var profile = Bound("token", DateTimeOffset.UtcNow);
        _store.Save(profile);
        File.WriteAllBytes(_store.PathOf("default"), Encoding.UTF8.GetBytes("{\"formatVersion\":1,\"botToken\":"));

        _store.Save(profile);
        Assert.Equal("token", _store.TryLoad("default")!.BotToken);
    }
}
