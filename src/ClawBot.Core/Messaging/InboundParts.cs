using ClawBot.Core.Api.Wire;

namespace ClawBot.Core.Messaging;

/// <summary>The message-level fields of a <c>WeixinMessage</c> that an <see cref="InboundMessage"/> keeps (PROTOCOL.md §5.1).</summary>
internal struct InboundHeader
{
    public long? Seq;
    public string? MessageId;
    public string? FromUserId;
    public string? ToUserId;
    public long? CreateTimeMs;
    public string? SessionId;
    public string? GroupId;
    public string? ContextToken;
}

/// <summary>
/// One <c>MessageItem</c> as far as an <see cref="InboundMessage"/> needs it (PROTOCOL.md §5.2): the text inline, since
/// almost every item is one; media and quotes as their wire objects, since they are rare and carry many fields.
/// </summary>
internal struct InboundItem
{
    public int? Type;
    public string? MsgId;
    public string? Text;
    public RefMessage? RefMsg;
    public ImageItem? ImageItem;
    public VoiceItem? VoiceItem;
    public FileItem? FileItem;
    public VideoItem? VideoItem;
}
