using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Cdn;

/// <summary>
/// An upload body over an existing buffer (no copy) that reports progress as it is written, with a known length so
/// it goes with Content-Length rather than chunked.
/// </summary>
internal sealed class ProgressContent : HttpContent
{
    private const int SliceBytes = 64 * 1024;
    private readonly byte[] _data;
    private readonly IProgress<TransferProgress>? _progress;

    public ProgressContent(byte[] data, IProgress<TransferProgress>? progress)
    {
        _data = data; _progress = progress;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _data.Length; offset += SliceBytes)
        {
            var count = Math.Min(SliceBytes, _data.Length - offset);
            await stream.WriteAsync(_data, offset, count).ConfigureAwait(false);
            _progress?.Report(new TransferProgress("upload", offset + count, _data.Length));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _data.Length;
        return true;
    }
}
