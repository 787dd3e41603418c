using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ClawBot.Core.Cdn;

/// <summary>A read-only pass-through that counts the bytes read (the ciphertext size) and reports each step.</summary>
internal sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<long> _onRead;

    public CountingStream(Stream inner, Action<long> onRead)
    {
        _inner = inner; _onRead = onRead;
    }

    public long Count { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Counted(_inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

    private int Counted(int n)
    {
        if (n > 0)
        {
            Count += n;
            _onRead(Count);
        }
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
