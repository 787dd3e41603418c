using System.Collections.Concurrent;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Cdn;

/// <summary>
/// The simulated CDN: ciphertext blobs by download parameter, uploads awaited by upload parameter, and what each
/// uploaded blob was announced as (so a send can be checked against its getuploadurl).
/// </summary>
public sealed class CdnStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingUpload> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingUpload> _uploaded = new(StringComparer.Ordinal);
    private readonly Func<bool> _urlUnsafe;

    /// <param name="urlUnsafe">Read at every new parameter: whether it holds '/', '+' and '=' (Options.UrlUnsafeParams).</param>
    public CdnStore(Func<bool>? urlUnsafe = null) => _urlUnsafe = urlUnsafe ?? (() => false);

    /// <summary>A new upload or download parameter in the configured alphabet.</summary>
    public string NewParam() => Ids.Param(_urlUnsafe());

    /// <summary>Stores a blob and returns its new download parameter (encrypt_query_param).</summary>
    public string Put(byte[] blob)
    {
        var param = NewParam();
        _blobs[param] = blob;
        return param;
    }

    public void Put(string param, byte[] blob) => _blobs[param] = blob;

    public byte[]? Get(string? downloadParam) =>
        downloadParam != null && _blobs.TryGetValue(downloadParam, out var blob) ? blob : null;

    public void AddUpload(PendingUpload upload) => _uploads[upload.UploadParam] = upload;

    public PendingUpload? Upload(string? uploadParam) =>
        uploadParam != null && _uploads.TryGetValue(uploadParam, out var u) ? u : null;

    /// <summary>Remembers which getuploadurl a stored blob came from.</summary>
    public void MarkUploaded(string downloadParam, PendingUpload upload) => _uploaded[downloadParam] = upload;

    /// <summary>The getuploadurl a blob was uploaded under; null for blobs the service put there itself (inbound media).</summary>
    public PendingUpload? UploadedAs(string? downloadParam) =>
        downloadParam != null && _uploaded.TryGetValue(downloadParam, out var u) ? u : null;
}
