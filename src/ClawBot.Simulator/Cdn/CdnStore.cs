using System.Collections.Concurrent;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Cdn;

/// <summary>The simulated CDN: ciphertext blobs by download parameter, and uploads awaited by upload parameter.</summary>
public sealed class CdnStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingUpload> _uploads = new(StringComparer.Ordinal);

    /// <summary>Stores a blob and returns its new download parameter (encrypt_query_param).</summary>
    public string Put(byte[] blob)
    {
        var param = Ids.Opaque(36);
        _blobs[param] = blob;
        return param;
    }

    public void Put(string param, byte[] blob) => _blobs[param] = blob;

    public byte[]? Get(string? downloadParam) =>
        downloadParam != null && _blobs.TryGetValue(downloadParam, out var blob) ? blob : null;

    public void AddUpload(PendingUpload upload) => _uploads[upload.UploadParam] = upload;

    public PendingUpload? Upload(string? uploadParam) =>
        uploadParam != null && _uploads.TryGetValue(uploadParam, out var u) ? u : null;
}
