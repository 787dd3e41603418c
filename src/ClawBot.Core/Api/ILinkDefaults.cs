using System;

namespace ClawBot.Core.Api;

/// <summary>The service's well-known hosts and the identity ClawBot presents.</summary>
public static class ILinkDefaults
{
    /// <summary>The production API base; also the QR login host.</summary>
    public static readonly Uri ApiBase = new("https://ilinkai.weixin.qq.com/");

    /// <summary>The production CDN base (the <c>/c2c</c> path is part of it).</summary>
    public static readonly Uri CdnBase = new("https://novac2c.cdn.weixin.qq.com/c2c/");

    /// <summary>The protocol version ClawBot implements, sent as <c>base_info.channel_version</c>.</summary>
    public const string ChannelVersion = "2.4.9";

    /// <summary><c>iLink-App-ClientVersion</c> for 2.4.9: major&lt;&lt;16 | minor&lt;&lt;8 | patch.</summary>
    public const int AppClientVersion = (2 << 16) | (4 << 8) | 9;

    /// <summary>The largest file, in plaintext bytes, that may be sent.</summary>
    public const long MaxFileBytes = 20L * 1024 * 1024;
}
