using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>
/// CDN parameters holding '/', '+' and '=' (Options.UrlUnsafeParams, on by default), so a client's URL escaping is
/// exercised: a fully escaped URL works; a literal '+' reads as a space and fails in every mode; a literal '/' or '='
/// still works but strict mode lists it.
/// </summary>
public sealed class UploadParamTests
{
    private const string User = "o9xUser@im.wechat";

    [Fact]
    public async Task UploadAndDownloadParamsHoldSlashPlusAndEquals()
    {
        await using var sim = await TestSim.StartAsync();
        Assert.True(new SimulatorOptions().UrlUnsafeParams);
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var p = MediaUpload.Prepare(Encoding.ASCII.GetBytes("hello"), User);
        var param = (await c.PostAsync("getuploadurl", p.Request)).Json!["upload_param"]!.GetValue<string>();
        AssertUnsafe(param);

        using var up = await MediaUpload.PostCdnAsync(http, MediaUpload.UploadUrl(sim.CdnBaseUrl, param, p.FileKey), p.Cipher);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        var download = up.Headers.GetValues("x-encrypted-param").Single();
        AssertUnsafe(download);
        var inbound = await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.File, FileName = "a.txt" });
        AssertUnsafe(inbound.MediaDownloadParam!);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);

        sim.Options.UrlUnsafeParams = false;
        var safe = (await c.PostAsync("getuploadurl", MediaUpload.Prepare(new byte[1], User).Request)).Json!["upload_param"]!.GetValue<string>();
        Assert.DoesNotContain(safe, ch => ch is '/' or '+' or '=');
    }

    [Fact]
    public async Task AnUnescapedUrlFailsOrIsListed()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var p = MediaUpload.Prepare(new byte[40], User);
        var param = (await c.PostAsync("getuploadurl", p.Request)).Json!["upload_param"]!.GetValue<string>();
        Uri Url(string written) => new(sim.CdnBaseUrl + "upload?encrypted_query_param=" + written + "&filekey=" + p.FileKey);

        // Not escaped at all: '+' arrives as a space, so the parameter is unknown (400), strict or not.
        using (var raw = await MediaUpload.PostCdnAsync(http, Url(param), p.Cipher))
        {
            Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
            Assert.Equal("unknown encrypted_query_param", raw.Headers.GetValues("x-error-message").Single());
        }
        Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.StartsWith("cdn-upload: encrypted_query_param carries unescaped '+/='"));

        // Python's quote(): '+' and '=' escaped, '/' left alone. It works (the seed does this), but strict mode lists it.
        await sim.Control.ResetStatsAsync();
        var quoted = Uri.EscapeDataString(param).Replace("%2F", "/");
        using (var seedStyle = await MediaUpload.PostCdnAsync(http, Url(quoted), p.Cipher))
            Assert.Equal(HttpStatusCode.OK, seedStyle.StatusCode);
        Assert.Equal(new[] { "cdn-upload: encrypted_query_param carries unescaped '/' (escape it fully, as Uri.EscapeDataString does)" },
            (await sim.Control.StatsAsync()).StrictViolations);

        // Fully escaped, as PROTOCOL.md §7.3 asks: nothing to list. The download URL is checked the same way.
        await sim.Control.ResetStatsAsync();
        using var escaped = await MediaUpload.PostCdnAsync(http, Url(Uri.EscapeDataString(param)), p.Cipher);
        var download = escaped.Headers.GetValues("x-encrypted-param").Single();
        Assert.Equal(p.Cipher, await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(download)));
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
        Assert.Equal(p.Cipher, await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(download).Replace("%3D", "=")));
        Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.StartsWith("cdn-download: encrypted_query_param carries unescaped '='"));
    }

    private static void AssertUnsafe(string param)
    {
        Assert.Contains('/', param);
        Assert.Contains('+', param);
        Assert.Contains('=', param);
    }
}
