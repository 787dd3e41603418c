using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Messaging;

/// <summary>What a sent media reference points at: the plaintext, the stored ciphertext's length, its upload.</summary>
public sealed record SentMedia(byte[] Content, long CipherLength, PendingUpload? Upload, string Param);

/// <summary>
/// Reads back the media a bot sent: finds the ciphertext on the simulated CDN from media.encrypt_query_param (or
/// full_url) and decrypts it with the message's aes_key, so tests can check byte-identical round trips (SIM-14).
/// </summary>
public static class SentMediaReader
{
    /// <summary>
    /// The media <paramref name="media"/> (a CDNMedia named <paramref name="field"/> in errors) refers to, or an error
    /// message. For images <paramref name="hexKey"/> is image_item.aeskey, a hex key that may stand in for aes_key.
    /// </summary>
    public static (SentMedia? Media, string? Error) Read(SimState state, JsonObject? media, string? hexKey, string field = "media")
    {
        if (media == null) return (null, $"media item without {field}");

        var param = JsonIn.Str(media["encrypt_query_param"]);
        if (string.IsNullOrEmpty(param) && JsonIn.Str(media["full_url"]) is { Length: > 0 } full
            && Uri.TryCreate(full, UriKind.Absolute, out var url))
            param = System.Web.HttpUtility.ParseQueryString(url.Query)["encrypted_query_param"];
        var blob = state.Cdn.Get(param);
        if (blob == null) return (null, $"{field}.encrypt_query_param is not a CDN download parameter");

        // aes_key (base64 of raw or of hex), or for images a hex aeskey.
        var key = KeyCodec.DecodeAesKey(JsonIn.Str(media["aes_key"]));
        if (key == null && KeyCodec.IsHex32(hexKey)) key = Convert.FromHexString(hexKey!);
        if (key == null) return (null, $"{field}.aes_key is missing or not a 16-byte key in either base64 form");
        try
        {
            return (new SentMedia(AesEcb.Decrypt(blob, key), blob.LongLength, state.Cdn.UploadedAs(param), param!), null);
        }
        catch (CryptographicException)
        {
            return (null, $"{field} does not decrypt with aes_key");
        }
    }
}
