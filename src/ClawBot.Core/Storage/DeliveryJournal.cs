using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace ClawBot.Core.Storage;

/// <summary>
/// The receive position between profile saves, written as it moves: a killed receiver repeats at most the message it
/// was handing on, although the profile itself is written at most once a second.
/// </summary>
/// <remarks>
/// A text file beside the profile (owner-only, one writer: the holder of the receive lock), appended to in place. A
/// header names the binding; then <c>D &lt;id&gt;</c> once a message was handed downstream and <c>C &lt;seq&gt; &lt;cursor&gt;</c>
/// once a batch was committed (ids and cursors in base64); zero bytes after the last record. The file is mapped into
/// memory (shared): a record is in the operating system's page cache the moment it is copied there, so it outlives
/// the process when it is killed, at the cost of a memory copy instead of a system call per message (issue 12's bench:
/// a write per message cost 1.8 µs, a tenth of the whole receive path). It is not synced to disk, so a power cut may
/// repeat up to the last profile save. A save of the profile holds everything the journal held, so the journal then
/// starts afresh; when it is full, the caller saves early. A torn last record (a kill mid-copy) lacks its newline,
/// which is copied last, and is ignored: its message had not been recorded, so it comes again.
/// </remarks>
internal sealed class DeliveryJournal : IDisposable
{
    /// <summary>The mapped size: ~20 000 records, far more than a second of receiving brings between saves.</summary>
    internal const int Capacity = 1 << 20;

    private readonly FileStream _stream;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private long _position; // where the next record goes; everything from here on is zero
    private byte[] _buffer = new byte[128];
    private static readonly byte[] Zeros = new byte[64 * 1024];

    private DeliveryJournal(FileStream stream) => _stream = stream;

    /// <summary>Message ids the last receiver handed on after the profile's last save (applied by <see cref="Open"/>).</summary>
    public int RecoveredIds { get; private set; }

    /// <summary>True when the journal moved the profile's cursor past where its last save left it.</summary>
    public bool RecoveredCursor { get; private set; }

    /// <summary>
    /// Opens the journal at <paramref name="path"/> (created owner-only when missing) and applies to
    /// <paramref name="profile"/> what a previous receiver of the same binding recorded: its delivered ids and its
    /// last committed cursor. Then the journal is ready to append; the caller saves the profile and calls
    /// <see cref="Restart"/>.
    /// </summary>
    public static DeliveryJournal Open(string path, Profile profile)
    {
        UnixPermissions.CreateOwnerOnlyDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            try { UnixPermissions.CreateOwnerOnlyFile(path); }
            catch (IOException) when (File.Exists(path)) { /* created meanwhile */ }
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
        var journal = new DeliveryJournal(stream);
        try
        {
            var end = journal.Replay(profile);
            if (stream.Length < Capacity) stream.SetLength(Capacity); // zeros (sparse where the file system can)
            journal._map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            journal._view = journal._map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
            // A torn record after the last whole one is cleared, so the next record does not run into it.
            journal._position = end.Whole;
            journal.Zero(end.Whole, end.Used);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
        return journal;
    }

    /// <summary>Applies a journal to <paramref name="profile"/> without opening it for writing (it may be missing).</summary>
    public static void ReadInto(string path, Profile profile)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            new DeliveryJournal(stream).Replay(profile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { }
    }

    /// <summary>Applies the records; returns where the whole records end and where the written bytes end.</summary>
    private (long Whole, long Used) Replay(Profile profile)
    {
        var bytes = new byte[_stream.Length];
        _stream.Position = 0;
        var read = 0;
        while (read < bytes.Length)
        {
            var n = _stream.Read(bytes, read, bytes.Length - read);
            if (n == 0) break;
            read += n;
        }
        var used = Array.IndexOf(bytes, (byte)0, 0, read);
        if (used < 0) used = read;
        var text = Encoding.ASCII.GetString(bytes, 0, used);
        var end = text.LastIndexOf('\n');
        if (end < 0) return (0, used);
        var lines = text.Substring(0, end).Split('\n');
        if (lines[0] != Header(profile)) return (end + 1, used); // another binding's journal (or none): nothing of it applies

        var known = new HashSet<string>(profile.DeliveredIds, StringComparer.Ordinal);
        (long Seq, string Cursor)? committed = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length == 2 && parts[0] == "D" && Decode(parts[1]) is { Length: > 0 } id)
            {
                if (known.Add(id))
                {
                    profile.DeliveredIds.Add(id);
                    RecoveredIds++;
                }
            }
            else if (parts.Length == 3 && parts[0] == "C" && long.TryParse(parts[1], out var seq) && Decode(parts[2]) is { Length: > 0 } cursor)
            {
                committed = (seq, cursor);
            }
        }
        // Only the receiver moves the cursor; a save from a sender never carries one further than this.
        if (committed is { } c && c.Seq >= profile.CursorSeq && c.Cursor != profile.Cursor)
        {
            profile.Cursor = c.Cursor;
            profile.CursorSeq = c.Seq;
            RecoveredCursor = true;
        }
        return (end + 1, used);
    }

    /// <summary>A message was handed downstream. False when the journal is full: save the profile (it holds the id).</summary>
    public bool Delivered(string messageId) => Append((byte)'D', null, messageId);

    /// <summary>
    /// Every message of a batch was handed on or passed over: the cursor moves to <paramref name="cursor"/>. False when
    /// the journal is full: save the profile (it holds the cursor).
    /// </summary>
    public bool Committed(long seq, string cursor) => Append((byte)'C', seq, cursor);

    /// <summary>The profile was saved with everything recorded here: start afresh for its binding.</summary>
    public void Restart(Profile profile)
    {
        // The header's first byte goes first: a kill at any point below leaves a journal with no header, which applies
        // nothing (the profile just saved holds it all), never old records under a new binding's header.
        if (_position > 0) View.Write(0, (byte)0);
        Zero(1, _position);
        var header = Encoding.ASCII.GetBytes(Header(profile) + "\n");
        _position = 0;
        if (!Write(header, header.Length)) throw new InvalidOperationException("The delivery journal cannot hold its header.");
    }

    private void Zero(long from, long to)
    {
        for (var at = from; at < to; at += Zeros.Length) View.WriteArray(at, Zeros, 0, (int)Math.Min(Zeros.Length, to - at));
    }

    private MemoryMappedViewAccessor View => _view ?? throw new InvalidOperationException("The delivery journal is not open for writing.");

    // The record, then its newline: a record is whole only once its newline is there.
    private bool Write(byte[] record, int length)
    {
        var view = View;
        if (_position + length > view.Capacity) return false;
        view.WriteArray(_position, record, 0, length - 1);
        view.Write(_position + length - 1, record[length - 1]);
        _position += length;
        return true;
    }

    // The binding a journal belongs to: a re-bind starts a new one, so a journal never carries ids or a cursor across
    // bindings. Neither field is a secret.
    private static string Header(Profile profile) =>
        "B " + Encode(profile.BotId) + " " + profile.BoundAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private bool Append(byte kind, long? seq, string value)
    {
        var seqText = seq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var valueBytes = Encoding.UTF8.GetByteCount(value);
        var need = 4 + seqText.Length + Base64.GetMaxEncodedToUtf8Length(valueBytes) + valueBytes;
        if (_buffer.Length < need) _buffer = new byte[Math.Max(need, _buffer.Length * 2)];

        var span = _buffer.AsSpan();
        var n = 0;
        span[n++] = kind;
        span[n++] = (byte)' ';
        if (seq is not null)
        {
            n += Encoding.ASCII.GetBytes(seqText, 0, seqText.Length, _buffer, n);
            span[n++] = (byte)' ';
        }
        // The value's UTF-8 goes at the end of the buffer, then is encoded to base64 in place after the prefix.
        var raw = span.Slice(span.Length - valueBytes);
        Encoding.UTF8.GetBytes(value, 0, value.Length, _buffer, span.Length - valueBytes);
        Base64.EncodeToUtf8(raw, span.Slice(n), out _, out var written);
        n += written;
        span[n++] = (byte)'\n';
        return Write(_buffer, n);
    }

    private static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string? Decode(string base64)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(base64)); }
        catch (FormatException) { return null; }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
        _stream.Dispose();
    }
}
