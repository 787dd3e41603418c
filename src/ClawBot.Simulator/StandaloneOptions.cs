using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ClawBot.Simulator;

/// <summary>Command-line and environment configuration of the standalone simulator.</summary>
public static class StandaloneOptions
{
    /// <summary>Fixed so demos and other clients know where to find it without reading the console.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5480";

    /// <summary>Short kebab-case switches; every SimulatorOptions property also binds by name (--LongPollHold 00:00:10).</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--hold-seconds"] = "HoldSeconds",
        ["--hint-seconds"] = "HintSeconds",
        ["--qr-hold-seconds"] = "QrHoldSeconds",
        ["--qr-ttl-seconds"] = "QrTtlSeconds",
        ["--auto-confirm-seconds"] = "AutoConfirmSeconds",
        ["--token-lifetime-hours"] = "TokenLifetimeHours",
        ["--prefix"] = "PathPrefix",
        ["--allowance"] = "SendAllowance",
        ["--max-file-bytes"] = "MaxFileBytes",
        ["--max-text"] = "MaxTextLength",
        ["--batch"] = "MaxBatchSize",
        ["--message-ids"] = "ReturnMessageIds",
        ["--upload-full-url"] = "ReturnUploadFullUrl",
        ["--full-url"] = "InboundFullUrl",
        ["--strict"] = "Strict",
        ["--full-shapes"] = "FullShapes",
        ["--url-unsafe-params"] = "UrlUnsafeParams",
        ["--require-context-token"] = "RequireContextToken",
        ["--redirect-host"] = "RedirectHost",
    };

    public static SimulatorOptions Bind(IConfiguration config)
    {
        // Standalone serves arbitrary clients whose CDN base may be Tencent's (the seed hard-codes it): hand out full
        // URLs by default so uploads and downloads reach this simulator. The command line can turn them off.
        var o = new SimulatorOptions { ReturnUploadFullUrl = true, InboundFullUrl = true };
        config.Bind(o);
        if (Seconds(config, "HoldSeconds") is { } hold) o.LongPollHold = hold;
        if (Seconds(config, "HintSeconds") is { } hint) o.LongPollHint = hint;
        if (Seconds(config, "QrHoldSeconds") is { } qrHold) o.QrStatusHold = qrHold;
        if (Seconds(config, "QrTtlSeconds") is { } ttl) o.QrTtl = ttl;
        if (Seconds(config, "AutoConfirmSeconds") is { } auto) o.AutoConfirmAfter = auto;
        if (Seconds(config, "TokenLifetimeHours") is { } hours) o.ContextTokenLifetime = TimeSpan.FromHours(hours.TotalSeconds);
        return o;
    }

    private static TimeSpan? Seconds(IConfiguration config, string key)
    {
        var value = config[key];
        if (string.IsNullOrEmpty(value)) return null;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s < 0)
            throw new FormatException($"{key} must be a non-negative number, got '{value}'");
        return TimeSpan.FromSeconds(s);
    }
}
