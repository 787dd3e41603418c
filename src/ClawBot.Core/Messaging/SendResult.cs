using System;
using System.Collections.Generic;

namespace ClawBot.Core.Messaging;

/// <summary>What a completed send did: one entry per message the service accepted (chunks, caption, media).</summary>
public sealed class SendResult
{
    /// <summary>The recipient.</summary>
    public string ToUserId { get; init; } = "";
    /// <summary>The <c>client_id</c> of every part sent, in order.</summary>
    public IReadOnlyList<string> ClientIds { get; init; } = Array.Empty<string>();
    /// <summary>The service's <c>message_id</c> per part, where it returned one.</summary>
    public IReadOnlyList<string?> MessageIds { get; init; } = Array.Empty<string?>();
    /// <summary>When the last part was accepted.</summary>
    public DateTimeOffset CompletedAt { get; init; }
}

/// <summary>How to send a file.</summary>
public enum OutboundMediaKind
{
    /// <summary>By MIME type, as the official client does: image/* as Image, video/* as Video, the rest as File.</summary>
    Auto,
    /// <summary>media_type 3, file_item.</summary>
    File,
    /// <summary>media_type 1, image_item.</summary>
    Image,
    /// <summary>media_type 2, video_item.</summary>
    Video,
}

/// <summary>Progress of an encryption, upload or download.</summary>
public readonly struct TransferProgress
{
    /// <summary>Creates a report.</summary>
    public TransferProgress(string stage, long done, long total) { Stage = stage; Done = done; Total = total; }
    /// <summary>"encrypt", "upload" or "download".</summary>
    public string Stage { get; }
    /// <summary>Bytes done.</summary>
    public long Done { get; }
    /// <summary>Bytes in all.</summary>
    public long Total { get; }
}

/// <summary>A file encrypted and stored on the CDN, ready to be referenced by a message.</summary>
public sealed class UploadedMedia
{
    /// <summary>The media kind it was uploaded as (never Auto).</summary>
    public OutboundMediaKind Kind { get; init; }
    /// <summary>The download parameter from <c>x-encrypted-param</c> (secret).</summary>
    public string DownloadParam { get; init; } = "";
    /// <summary>The raw AES key (secret).</summary>
    public byte[] AesKey { get; init; } = Array.Empty<byte>();
    /// <summary>Plaintext bytes.</summary>
    public long RawSize { get; init; }
    /// <summary>Ciphertext bytes.</summary>
    public long CipherSize { get; init; }
    /// <summary>Lowercase hex MD5 of the plaintext.</summary>
    public string RawMd5 { get; init; } = "";
    /// <summary>The file name to show the recipient.</summary>
    public string FileName { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {FileName} ({RawSize:N0} bytes)";
}
