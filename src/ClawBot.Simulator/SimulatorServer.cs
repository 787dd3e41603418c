using ClawBot.Simulator.Control;
using ClawBot.Simulator.Endpoints;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.Page;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClawBot.Simulator;

/// <summary>The simulator hosted in-process on Kestrel (tests, benchmarks) or standalone (Program).</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimState _state;
    private readonly HttpClient _controlHttp;

    private SimulatorServer(WebApplication app, SimState state)
    {
        _app = app;
        _state = state;
        _controlHttp = new HttpClient();
        Control = new SimulatorControl(state.Root, _controlHttp);
    }

    /// <summary>Starts on <paramref name="url"/> (default http://127.0.0.1:0, a free port).</summary>
    public static Task<SimulatorServer> StartAsync(SimulatorOptions? options = null, string url = "http://127.0.0.1:0") =>
        StartAsync(options, url, null);

    /// <summary>
    /// Starts on <paramref name="url"/> (several may be separated by ';'); <paramref name="configureLogging"/> lets the
    /// standalone host keep console logging, which tests do not want.
    /// </summary>
    public static async Task<SimulatorServer> StartAsync(SimulatorOptions? options, string url, Action<ILoggingBuilder>? configureLogging)
    {
        var state = new SimState(options ?? new SimulatorOptions());
        state.PrefixPath = SimState.Normalize(state.Options.PathPrefix);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Count TCP connections (benchmarks check connection reuse); applies to every endpoint, --urls included.
            k.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
            {
                state.Stats.ConnectionOpened();
                await next(connection);
            }));
            k.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        state.Stopping = app.Lifetime.ApplicationStopping;
        app.Use(SlashCollapser.InvokeAsync);
        app.Use(ChangeNotifier.Middleware(state));
        app.UseRouting();
        var flow = new QrFlow(state);
        ApiRoutes.Map(app, state, flow);
        ControlRoutes.Map(app, state, flow);
        ChatRoutes.Map(app, state, flow);
        PageRoutes.Map(app, state);

        await app.StartAsync().ConfigureAwait(false);
        state.Root = ResolveRoot(app);
        return new SimulatorServer(app, state);
    }

    /// <summary>The first bound address, with wildcard hosts replaced by 127.0.0.1 so it is usable as a URL.</summary>
    private static Uri ResolveRoot(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address");
        var uri = new UriBuilder(first.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1"));
        if (uri.Host == "0.0.0.0") uri.Host = "127.0.0.1";
        uri.Path = "/";
        return uri.Uri;
    }

    /// <summary>http://127.0.0.1:port/ (plus the path prefix): the API base and QR host.</summary>
    public Uri BaseUrl => _state.ApiBase;
    /// <summary>http://127.0.0.1:port/c2c/</summary>
    public Uri CdnBaseUrl => _state.CdnBase;
    /// <summary>The control API client.</summary>
    public SimulatorControl Control { get; }
    /// <summary>The options in force (mutable while running: tests may change timings).</summary>
    public SimulatorOptions Options => _state.Options;
    /// <summary>The chat page (the root URL): a browser that plays the phone.</summary>
    public Uri PageUrl => _state.Root;
    /// <summary>http://127.0.0.1:port/ without the prefix: where /_sim and /c2c live.</summary>
    public Uri RootUrl => _state.Root;

    /// <summary>Completes when the host stops (standalone: Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _controlHttp.Dispose();
    }
}
