using ClawBot.Module.Tests.Support;
using Microsoft.Playwright;

namespace ClawBot.Page.Tests.Support;

/// <summary>
/// A module test (its own simulator, profile store and runspace with the built module, from ClawBot.Module.Tests)
/// plus browser pages on the simulator's chat page. Fails the test when a page throws or breaks its content policy.
/// </summary>
[Collection(PageCollection.Name)]
public abstract class PageTest : ModuleTest, IAsyncLifetime
{
    public const int Phone = 400;
    public const int Desktop = 1280;

    private readonly BrowserFixture _browser;
    private readonly List<IBrowserContext> _contexts = new();
    private readonly List<string> _pageErrors = new();

    protected PageTest(BrowserFixture browser) => _browser = browser;

    public new Task InitializeAsync() => base.InitializeAsync();

    public new async Task DisposeAsync()
    {
        foreach (var c in _contexts) await c.CloseAsync();
        await base.DisposeAsync();
        lock (_pageErrors) Assert.True(_pageErrors.Count == 0, "the page reported: " + string.Join("\n", _pageErrors));
    }

    /// <summary>Opens the page (at <paramref name="hash"/>, e.g. "#/bind") in a new browser context and waits until it is live.</summary>
    internal async Task<IPage> OpenAsync(string hash = "", int width = Desktop, int height = 800)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => { lock (_pageErrors) _pageErrors.Add("uncaught: " + e); };
        page.Console += (_, m) =>
        {
            // Failed control calls log "Failed to load resource" and are shown as toasts; those are not page faults.
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (_pageErrors) _pageErrors.Add("console: " + m.Text);
        };
        await page.GotoAsync(new Uri(Sim.PageUrl, hash).ToString());
        await Assertions.Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-state", "on");
        return page;
    }

    internal static string ChatHash(string botId, string userId) => $"#/chats/{Uri.EscapeDataString(botId)}/{Uri.EscapeDataString(userId)}";

    /// <summary>The bubbles of the open conversation; <paramref name="dir"/> "in" (the user's) or "out" (the bot's).</summary>
    internal static ILocator Messages(IPage page, string dir) => page.Locator($"[data-testid=message][data-dir={dir}]");

    /// <summary>Saves a screenshot as a test artifact: screenshots/&lt;name&gt;-&lt;width&gt;.png under the test output.</summary>
    internal static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => document.fonts.ready");
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts.Screenshots, $"{name}-{width}.png") });
    }

    /// <summary>Completes when a script still running has written <paramref name="text"/> to the host (the information stream).</summary>
    internal static Task WaitForHostTextAsync(PsSession.Running running, string text)
    {
        var info = running.PowerShell.Streams.Information;
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (info.ToArray().Any(i => i.MessageData?.ToString()?.Contains(text, StringComparison.Ordinal) == true)) seen.TrySetResult();
        }
        info.DataAdded += (_, _) => Check();
        Check();
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a hang guard, not a timing claim
    }

    /// <summary>Runs a script that is still going in the runspace to its end without blocking the test's thread.</summary>
    internal static Task<PsRun> EndAsync(PsSession.Running running) => Task.Run(running.End);
}

/// <summary>Where the tests leave what people look at.</summary>
internal static class Artifacts
{
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
}
