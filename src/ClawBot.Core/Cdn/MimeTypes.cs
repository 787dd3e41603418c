using System;
using System.Collections.Generic;
using System.IO;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Cdn;

/// <summary>
/// Extension → MIME type, only to route <see cref="OutboundMediaKind.Auto"/> the way the official client does
/// (image/* as an image, video/* as a video, everything else as a file).
/// </summary>
public static class MimeTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif",
        [".webp"] = "image/webp", [".bmp"] = "image/bmp", [".heic"] = "image/heic", [".heif"] = "image/heif",
        [".tif"] = "image/tiff", [".tiff"] = "image/tiff", [".svg"] = "image/svg+xml", [".ico"] = "image/x-icon",
        [".mp4"] = "video/mp4", [".m4v"] = "video/x-m4v", [".mov"] = "video/quicktime", [".avi"] = "video/x-msvideo",
        [".mkv"] = "video/x-matroska", [".webm"] = "video/webm", [".3gp"] = "video/3gpp", [".wmv"] = "video/x-ms-wmv",
        [".mpeg"] = "video/mpeg", [".mpg"] = "video/mpeg",
        [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".m4a"] = "audio/mp4", [".ogg"] = "audio/ogg",
        [".silk"] = "audio/silk", [".amr"] = "audio/amr",
        [".pdf"] = "application/pdf", [".zip"] = "application/zip", [".txt"] = "text/plain", [".csv"] = "text/csv",
        [".json"] = "application/json", [".xml"] = "application/xml", [".html"] = "text/html", [".md"] = "text/markdown",
        [".doc"] = "application/msword", [".xls"] = "application/vnd.ms-excel", [".ppt"] = "application/vnd.ms-powerpoint",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    /// <summary>The MIME type for a file name, <c>application/octet-stream</c> when the extension is unknown.</summary>
    public static string OfFile(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName ?? "") ?? "", out var mime) ? mime : "application/octet-stream";

    /// <summary>Resolves <see cref="OutboundMediaKind.Auto"/> from the file name; other kinds are returned unchanged.</summary>
    public static OutboundMediaKind Resolve(OutboundMediaKind kind, string fileName)
    {
        if (kind != OutboundMediaKind.Auto) return kind;
        var mime = OfFile(fileName);
        if (mime.StartsWith("image/", StringComparison.Ordinal)) return OutboundMediaKind.Image;
        if (mime.StartsWith("video/", StringComparison.Ordinal)) return OutboundMediaKind.Video;
        return OutboundMediaKind.File;
    }
}
