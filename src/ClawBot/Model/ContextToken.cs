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

    /// <summary>Lets PowerShell bind a string to a ContextToken parameter.</summary>
    public static implicit operator ContextToken(string value) => new(value);

    internal string Reveal() => _value;

    /// <inheritdoc />
    public override string ToString() => "(hidden)";
}
