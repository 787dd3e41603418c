namespace ClawBot;

// The kinds a user sees and types live in the module's own namespace; their values mirror ClawBot.Core's enums one
// for one, so the mapping is a cast (a unit test in the module tests keeps them in step).

/// <summary>What a received message mainly carries (<c>ClawBot.MessageKind</c>).</summary>
public enum MessageKind
{
    /// <summary>Text only.</summary>
    Text,
    /// <summary>An image.</summary>
    Image,
    /// <summary>A voice note; its transcription, when given, is the text.</summary>
    Voice,
    /// <summary>A file.</summary>
    File,
    /// <summary>A video.</summary>
    Video,
    /// <summary>Several kinds of item.</summary>
    Mixed,
    /// <summary>Nothing this module understands.</summary>
    Unknown,
}

/// <summary>The kind of a media item on a message (<c>ClawBot.AttachmentKind</c>).</summary>
public enum AttachmentKind
{
    /// <summary>An image.</summary>
    Image,
    /// <summary>A voice note.</summary>
    Voice,
    /// <summary>A file.</summary>
    File,
    /// <summary>A video.</summary>
    Video,
}

/// <summary>How Send-ClawFile sends a file (<c>ClawBot.FileKind</c>).</summary>
public enum FileKind
{
    /// <summary>By type: images as images, videos as videos, the rest as files.</summary>
    Auto,
    /// <summary>As a file the recipient downloads.</summary>
    File,
    /// <summary>As an image shown in the chat.</summary>
    Image,
    /// <summary>As a video played in the chat.</summary>
    Video,
}
