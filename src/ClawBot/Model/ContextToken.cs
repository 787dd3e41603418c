using System;

namespace ClawBot;

/// <summary>
/// A reply anchor the service issues with every inbound message. It is a secret: it prints as "(hidden)", so it can
/// travel on message objects (and bind to -ContextToken by property name) without ever being displayed.
/// A plain string converts to it, for scripts that keep their own.
/// </summary>
public sealed class ContextToken
{
    private readonly string _value;

    /// <summary>Wraps a token.</summary>
    public ContextToken(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("A context token cannot be empty.", nameof(value));
        _value = value;
    }

    // The user whose message carried it: a token anchors one (bot, user) pair, so it must not follow a piped message
    // to another recipient. Null for a token a script gives as a string: the script vouches for it.
    internal ContextToken(string value, string? userId) : this(value) => UserId = string.IsNullOrEmpty(userId) ? null : userId;

    /// <summary>Lets PowerShell bind a string to a ContextToken parameter.</summary>
    public static implicit operator ContextToken(string value) => new(value);

    internal string Reveal() => _value;

    internal string? UserId { get; }

    /// <summary>True unless the token is known to belong to a user other than <paramref name="userId"/>.</summary>
    internal bool IsFor(string userId) => UserId is null || string.Equals(UserId, userId, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => "(hidden)";
}
