using ClawBot.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Standalone: `dotnet run --project src/ClawBot.Simulator [-- --urls http://127.0.0.1:6000 --hold-seconds 10 ...]`.
// Options bind from the command line and CLAWSIM_* environment variables (README.md, "Running standalone").
var config = new ConfigurationBuilder()
    .AddEnvironmentVariables("CLAWSIM_")
    .AddCommandLine(args, StandaloneOptions.SwitchMappings)
    .Build();

SimulatorOptions options;
try
{
    options = StandaloneOptions.Bind(config);
}
catch (Exception e) when (e is FormatException or InvalidOperationException)
{
    Console.Error.WriteLine("clawbot-simulator: " + e.Message);
    return 2;
}

var urls = config["urls"] ?? StandaloneOptions.DefaultUrl;
await using var server = await SimulatorServer.StartAsync(options, urls,
    logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));

Console.WriteLine("ClawBot iLink simulator");
Console.WriteLine($"  Chat page : {server.PageUrl}   <- open in a browser: bind, chat, inject faults");
Console.WriteLine($"  API base  : {server.BaseUrl.ToString().TrimEnd('/')}");
Console.WriteLine($"  CDN base  : {server.CdnBaseUrl.ToString().TrimEnd('/')}");
Console.WriteLine($"  Control   : {server.RootUrl}_sim/");
Console.WriteLine($"  Long-poll hold {options.LongPollHold.TotalSeconds:0.###} s, QR hold {options.QrStatusHold.TotalSeconds:0.###} s, QR TTL {options.QrTtl.TotalSeconds:0.###} s"
    + (options.AutoConfirmAfter is { } a ? $", auto-confirm after {a.TotalSeconds:0.###} s" : ""));
Console.WriteLine("Press Ctrl+C to stop.");
await server.WaitForShutdownAsync();
return 0;
