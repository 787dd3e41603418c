using Microsoft.Playwright;

namespace ClawBot.Page.Tests.Support;

/// <summary>One headless chromium for every page test, launched through Playwright with the flags that work here.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = await Task.Run(Chromium.Executable); // may run apt-get
        _playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh, empty --user-data-dir of its own.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // A fake microphone (a tone), allowed without asking: voice notes recorded on the page.
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            ],
        });
        Assertions.SetDefaultExpectTimeout(30_000); // a hang guard, not a timing claim
    }

    public async Task DisposeAsync()
    {
        if (Browser != null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The page tests share one browser.</summary>
[CollectionDefinition(Name)]
public sealed class PageCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Chat page";
}
