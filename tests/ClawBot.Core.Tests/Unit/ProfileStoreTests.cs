using ClawBot.Core.Errors;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

public class ProfileStoreTests
{
    private static Profile Sample(string name, string token, DateTimeOffset boundAt) => new()
    {
        Name = name,
        BotToken = token,
        BotId = "1a2b3c@im.bot",
        UserId = "o9x@im.wechat",
        BaseUrl = "https://ilinkai.weixin.qq.com/",
        BoundAt = boundAt,
        Cursor = "cursor-1",
        DeliveredIds = { "7360001234567890123" },
        Contacts = { ["o9x@im.wechat"] = new ContactRecord { UserId = "o9x@im.wechat", ContextToken = "ctx", SentSinceLastMessage = 2 } },
    };

    [Fact]
    public void Saves_and_loads_a_profile()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Combine("profiles"));
        Assert.Null(store.TryLoad("default"));
        Assert.Empty(store.ListNames());

        var saved = Sample("default", "tok-1", DateTimeOffset.UnixEpoch.AddDays(1));
        store.Save(saved);
        var loaded = store.TryLoad("default")!;
        Assert.Equal("tok-1", loaded.BotToken);
        Assert.Equal(saved.BoundAt, loaded.BoundAt);
        Assert.Equal("cursor-1", loaded.Cursor);
        Assert.Equal(new[] { "7360001234567890123" }, loaded.DeliveredIds);
        Assert.Equal("ctx", loaded.Contacts["o9x@im.wechat"].ContextToken);
        Assert.Equal(2, loaded.Contacts["o9x@im.wechat"].SentSinceLastMessage);
        Assert.Equal(new[] { "default" }, store.ListNames());
        Assert.Contains("\"formatVersion\": 1", File.ReadAllText(store.PathOf("default")));
    }

    [Fact]
    public void Overwrites_atomically_and_leaves_no_temp_file()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        for (var i = 0; i < 5; i++) store.Save(Sample("p", "tok-" + i, DateTimeOffset.UtcNow));
        Assert.Equal("tok-4", store.TryLoad("p")!.BotToken);
        Assert.Equal(new[] { "p.json" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Files_are_owner_only_on_unix()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        var folder = dir.Combine("nested", "profiles");
        var store = new ProfileStore(folder);
        store.Save(Sample("p", "tok", DateTimeOffset.UtcNow));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathOf("p")));
        store.Save(Sample("p", "tok2", DateTimeOffset.UtcNow));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathOf("p")));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"formatVersion\":1,\"deliveredIds\":\"oops\"}")]
    [InlineData("{\"botToken\":\"x\"}")]
    public void A_corrupt_file_throws_and_is_left_untouched(string content)
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(store.PathOf("bad"), content);
        var before = File.ReadAllBytes(store.PathOf("bad"));
        var ex = Assert.Throws<ProfileStoreException>(() => store.TryLoad("bad"));
        Assert.Equal("bad", ex.ProfileName);
        Assert.Equal(before, File.ReadAllBytes(store.PathOf("bad")));
    }

    [Fact]
    public void A_newer_format_is_refused_not_rewritten()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(store.PathOf("new"), "{\"formatVersion\":99,\"somethingNew\":{\"a\":[1]}}");
        var ex = Assert.Throws<ProfileStoreException>(() => store.TryLoad("new"));
        Assert.Contains("newer", ex.Message);
    }

    [Fact]
    public void Recent_tokens_are_newest_first_and_skip_broken_files()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var t0 = DateTimeOffset.UtcNow;
        store.Save(Sample("a", "old", t0.AddDays(-2)));
        store.Save(Sample("b", "newest", t0));
        store.Save(Sample("c", "middle", t0.AddDays(-1)));
        File.WriteAllText(store.PathOf("d"), "garbage");
        Assert.Equal(new[] { "newest", "middle", "old" }, store.RecentTokens(10, Api.ILinkDefaults.ApiBase));
        Assert.Equal(new[] { "newest", "middle" }, store.RecentTokens(2, Api.ILinkDefaults.ApiBase));
    }

    [Fact]
    public void Recent_tokens_go_only_to_the_service_that_issued_them()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        store.Save(Sample("real", "tencent-token", DateTimeOffset.UtcNow));
        var lab = Sample("lab", "lab-token", DateTimeOffset.UtcNow);
        lab.BaseUrl = "http://10.0.0.5:8080/";
        store.Save(lab);

        // A login through another host (a test server, a simulator, a typo) is sent none of the service's tokens.
        Assert.Equal(new[] { "lab-token" }, store.RecentTokens(10, new Uri("http://10.0.0.5:8080/")));
        Assert.Empty(store.RecentTokens(10, new Uri("http://10.0.0.5:9090/")));
        Assert.Empty(store.RecentTokens(10, new Uri("http://ilinkai.weixin.qq.com/")));
        Assert.Equal(new[] { "tencent-token" }, store.RecentTokens(10, new Uri("https://ILINKAI.weixin.qq.com")));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("work-bot_2.x", true)]
    [InlineData(".hidden", false)]
    [InlineData("", false)]
    [InlineData("../escape", false)]
    [InlineData("a/b", false)]
    public void Validates_names(string name, bool valid)
    {
        Assert.Equal(valid, ProfileStore.IsValidName(name));
        if (!valid) Assert.Throws<ArgumentException>(() => new ProfileStore("/tmp/x").PathOf(name));
    }

    [Fact]
    public void Delete_reports_whether_there_was_a_profile()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        Assert.False(store.Delete("p"));
        store.Save(Sample("p", "t", DateTimeOffset.UtcNow));
        Assert.True(store.Delete("p"));
        Assert.Null(store.TryLoad("p"));
    }
}
