using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// Reads back the media a bot sent: finds the ciphertext on the simulated CDN from media.encrypt_query_param (or
/// full_url) and decrypts it with the message's aes_key, so tests can check byte-identical round trips (SIM-14).
/// </summary>
public static class SentMediaReader
{
    /// <summary>The plaintext, or an error message.</summary>
    public static (byte[]? Content, string? Error) Read(SimState state, JsonObject? sub)
    {
        if (sub == null) return (null, "media item without its *_item object");
        var media = sub["media"] as JsonObject;
        if (media == null) return (null, "media item without media");

        var param = JsonIn.Str(media["encrypt_query_param"]);
        if (string.IsNullOrEmpty(param) && JsonIn.Str(media["full_url"]) is { Length: > 0 } full
            && Uri.TryCreate(full, UriKind.Absolute, out var url))
            param = System.Web.HttpUtility.ParseQueryString(url.Query)["encrypted_query_param"];
        var blob = state.Cdn.Get(param);
        if (blob == null) return (null, "media.encrypt_query_param is not a CDN download parameter");

        // aes_key (base64 of raw or of hex), or for images a hex aeskey.
        var key = KeyCodec.DecodeAesKey(JsonIn.Str(media["aes_key"]));
        if (key == null && KeyCodec.IsHex32(JsonIn.Str(sub["aeskey"]))) key = Convert.FromHexString(JsonIn.Str(sub["aeskey"])!);
        if (key == null) return (null, "media.aes_key is missing or not a 16-byte key in either base64 form");
        try
        {
            return (AesEcb.Decrypt(blob, key), null);
        }
        catch (CryptographicException)
        {
            return (null, "media does not decrypt with aes_key");
        }
    }
}
