using System;

namespace ClawBot;

/// <summary>A stored profile, as Get-ClawBot lists it (type name <c>ClawBot.ProfileInfo</c>). No secrets.</summary>
public sealed class ProfileInfo
{
    internal ProfileInfo(string name, string? botId, string? userId, string? baseUrl, DateTimeOffset? boundAt, int contacts, Session? session, bool isCurrent, string path, string? problem)
    {
        Name = name; BotId = botId; UserId = userId; BaseUrl = baseUrl; BoundAt = boundAt; ContactCount = contacts;
        Session = session; IsCurrent = isCurrent; Path = path; Problem = problem;
    }

    /// <summary>The profile name.</summary>
    public string Name { get; }
    /// <summary>The bot id.</summary>
    public string? BotId { get; }
    /// <summary>The WeChat user who bound it.</summary>
    public string? UserId { get; }
    /// <summary>The API base.</summary>
    public string? BaseUrl { get; }
    /// <summary>When it was bound.</summary>
    public DateTimeOffset? BoundAt { get; }
    /// <summary>Users in its contact book.</summary>
    public int ContactCount { get; }
    /// <summary>True when this runspace is connected with it.</summary>
    public bool Connected => Session is { IsConnected: true };
    /// <summary>True when it is this runspace's default session.</summary>
    public bool IsCurrent { get; }
    /// <summary>The runspace's session for it, if connected.</summary>
    public Session? Session { get; }
    /// <summary>The file.</summary>
    public string Path { get; }
    /// <summary>Why the file cannot be used, when it cannot.</summary>
    public string? Problem { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
