using System.Security.Cryptography;
using System.Text;
using ClawBot.Core.Api;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Tests.Unit;

/// <summary>The full inbound shapes (PROTOCOL.md §5.2, §5.3) mapped onto messages: thumbnails, quotes in full.</summary>
public class FullShapeParsingTests
{
    private static InboundMessage ParseOne(string message) =>
        ApiCaller.Parse("getupdates", Encoding.UTF8.GetBytes("""{"ret":0,"msgs":[""" + message + "]}"), WireJson.Default.GetUpdatesResponse).Msgs!.Single();

    [Fact]
    public void An_image_thumbnail_is_an_image_attachment_with_its_size_dimensions_and_the_files_key()
    {
        var m = ParseOne("""
            {"message_id":1,"session_id":"s1","group_id":"","delete_time_ms":0,"item_list":[{"type":2,"image_item":{
              "aeskey":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","url":"http://cdn/download?encrypted_query_param=secret","mid_size":2016,"hd_size":2016,
              "media":{"encrypt_query_param":"main","aes_key":"Dx4tPEtaaXiHlqW0w9Lh8A==","encrypt_type":1},
              "thumb_media":{"encrypt_query_param":"thumb","encrypt_type":1},"thumb_size":528,"thumb_width":120,"thumb_height":90}}]}
            """);
        var image = Assert.Single(m.Attachments);
        Assert.False(image.IsThumbnail);
        Assert.Null(image.Width);
        var thumb = image.Thumbnail!;
        Assert.True(thumb.IsThumbnail);
        Assert.Equal((AttachmentKind.Image, 528L, false, 120, 90), (thumb.Kind, thumb.Size!.Value, thumb.SizeIsPlaintext, thumb.Width!.Value, thumb.Height!.Value));
        Assert.Equal("thumb", thumb.Media!.EncryptQueryParam);
        // No key of its own: the file's (one aeskey per getuploadurl covers both).
        Assert.Equal("Dx4tPEtaaXiHlqW0w9Lh8A==", thumb.Media.AesKey);
        Assert.Equal("0f1e2d3c4b5a69788796a5b4c3d2e1f0", thumb.Media.HexAesKey);
        Assert.Equal("Image (thumbnail)", thumb.ToString());
        Assert.Equal("s1", m.SessionId);
        Assert.Null(m.GroupId);
    }

    [Fact]
    public void A_video_thumbnail_keeps_its_own_key_and_a_thumb_media_with_nowhere_to_fetch_is_none()
    {
        var m = ParseOne("""
            {"message_id":1,"item_list":[
              {"type":5,"video_item":{"video_size":64,"media":{"encrypt_query_param":"v","aes_key":"video-key"},
                "thumb_media":{"encrypt_query_param":"vt","aes_key":"thumb-key"},"thumb_size":16,"thumb_width":0,"thumb_height":48}},
              {"type":5,"video_item":{"video_size":64,"media":{"encrypt_query_param":"v2"},"thumb_media":{"encrypt_type":1},"thumb_size":16}}]}
            """);
        var thumb = m.Attachments[0].Thumbnail!;
        Assert.Equal(("vt", "thumb-key", (string?)null), (thumb.Media!.EncryptQueryParam, thumb.Media.AesKey, thumb.Media.HexAesKey));
        Assert.Null(thumb.Width); // 0 is proto3's "unset"
        Assert.Equal(48, thumb.Height);
        Assert.Null(m.Attachments[1].Thumbnail);
    }

    [Fact]
    public void A_full_quote_carries_its_text_selection_and_media()
    {
        const string quoted = "the quick brown fox jumps over the lazy dog, the end";
        var md5 = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes("the lazy dog, the"))).ToLowerInvariant();
        var m = ParseOne("""
            {"message_id":1,"item_list":[{"type":1,"text_item":{"text":"that one"},"ref_msg":{"svr_id":7360000000000000001,"title":"the quick",
              "partial_text":{"start":"the ","end":" the","startindex":1,"endindex":1,"quotemd5":"MD5"},
              "message_item":{"type":1,"msg_id":7360000000000000001,"text_item":{"text":"QUOTED"}}}},
              {"type":2,"image_item":{"media":{"encrypt_query_param":"i"}},"ref_msg":{"message_item":{"type":4,"msg_id":"77",
                "file_item":{"file_name":"q.pdf","len":"9","md5":"ABC","media":{"encrypt_query_param":"qf","aes_key":"k"}}}}}]}
            """.Replace("MD5", md5).Replace("QUOTED", quoted));
        var q = m.Quote!;
        Assert.Equal(("7360000000000000001", "the quick", quoted, "the lazy dog, the"), (q.MessageId, q.Title, q.Text, q.SelectedText));
        Assert.Null(q.Attachment);

        // The first ref_msg is the message's quote; a quoted file is an attachment of the quote, not of the message.
        var fileQuote = ParseOne("""
            {"message_id":2,"item_list":[{"type":1,"text_item":{"text":"and this"},"ref_msg":{"message_item":{"type":4,"msg_id":"77",
              "file_item":{"file_name":"q.pdf","len":"9","md5":"ABC","media":{"encrypt_query_param":"qf","aes_key":"k"}}}}}]}
            """);
        Assert.Empty(fileQuote.Attachments);
        var attachment = fileQuote.Quote!.Attachment!;
        Assert.Equal(("77", AttachmentKind.File, "q.pdf", 9L, true, "abc", "qf"),
            (fileQuote.Quote.MessageId, attachment.Kind, attachment.FileName, attachment.Size!.Value, attachment.SizeIsPlaintext, attachment.Md5, attachment.Media!.EncryptQueryParam));
        Assert.Null(fileQuote.Quote.Text);
    }

    [Theory]
    // Global end index (the newer definition's examples), relative end index, MD5 choosing between them.
    [InlineData("a-b a-b a-b", "a", "b", 1, 1, null, "a-b")]
    [InlineData("a-b a-b a-b", "a", "b", 1, 0, null, "a-b")]
    [InlineData("x a y a z", "a", "z", 0, 0, "md5:a y a z", "a y a z")]
    [InlineData("one two one two", "one", "two", 0, 1, "md5:one two one two", "one two one two")]
    [InlineData("one two one two", "one", "two", 0, 1, "md5:one two", null)]            // neither reading is the selection
    [InlineData("abc", "x", "c", 0, 0, null, null)]                                    // an anchor that is not there
    [InlineData("abc", "", "c", 0, 0, null, null)]                                     // an empty anchor selects nothing
    [InlineData("abc", "a", "c", -1, 0, null, null)]
    [InlineData("abc", "a", "c", 2147483647, 0, null, null)]
    public void Partial_text_resolves_as_the_official_client_does(string text, string start, string end, int startIndex, int endIndex, string? md5Of, string? expected)
    {
        var md5 = md5Of is null ? null : Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(md5Of[4..])));
        var partial = new PartialText { Start = start, End = end, Startindex = startIndex, Endindex = endIndex, Quotemd5 = md5 };
        Assert.Equal(expected, PartialQuote.Resolve(text, partial));
    }
}
