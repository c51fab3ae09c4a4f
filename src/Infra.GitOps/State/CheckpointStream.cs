using System.Buffers;
using System.Runtime.InteropServices;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.State;

/// <summary>
/// The checkpoint of an operation that only adds resources (a new stack's first <c>up</c>), written to a temporary file
/// while the operation runs, so that completing it costs the last lines, the tail and a sync instead of the whole file.
/// <list type="bullet">
/// <item>The journal's writer appends each new state's line, copied from its journal line, in the order the steps
/// succeeded (which is the snapshot's order while <see cref="SnapshotBuilder.AppendedOnly"/> holds), and writes a
/// megabyte at a time. On Linux it starts the writeback of each megabyte at once (<c>sync_file_range</c>), so that the
/// final sync has little left to wait for.</item>
/// <item>The header is written first with a placeholder time; the manifest's time has a fixed width, and
/// <see cref="TryFinish"/> writes the real header over it (or, in the one case where its length changed, copies the
/// lines after it into a second file).</item>
/// <item>Anything else (a resource replaced or removed, an order to repair, a write that failed) abandons the stream:
/// the caller writes the checkpoint in full, as it would without one.</item>
/// </list>
/// The file is never the checkpoint until <see cref="TryFinish"/> has synced it and the caller renamed it; a crash
/// leaves a temporary file that the stack's next operation deletes. Not thread-safe: the writer appends, then (once it
/// is idle) the completing thread finishes.
/// </summary>
internal sealed partial class CheckpointStream : IBufferWriter<byte>, IDisposable
{
    /// <summary>How much is buffered before it is written (and its writeback started).</summary>
    internal const int Chunk = 1024 * 1024;

    /// <summary>The name suffix of the temporary files.</summary>
    internal const string Suffix = ".streaming";

    private const uint SyncFileRangeWrite = 2;

    private static bool writebackUnavailable = !OperatingSystem.IsLinux();

    private readonly string stack;
    private readonly SafeFileHandle handle;
    private readonly byte[] prefix;
    private readonly int headerLength;
    private long written;
    private bool closed;
    private bool finished;

    // What is not written yet: a pooled array (a fresh megabyte for each operation would cost a page fault per 4 KiB).
    private byte[]? buffer = ArrayPool<byte>.Shared.Rent(Chunk);
    private int used;

    /// <summary>Creates the temporary file at <paramref name="path"/> and buffers the header (a placeholder time).</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public CheckpointStream(string path, string stack, SecretsCrypter crypter)
    {
        Path = path;
        this.stack = stack;
        var parts = CheckpointSerializer.WriteAroundResourceLines(stack, StackSnapshot.Empty with { Time = DateTimeOffset.UnixEpoch }, crypter);
        headerLength = parts.Header.Length;
        prefix = new byte[2 + parts.Indent];
        prefix.AsSpan().Fill((byte)' ');
        prefix[0] = (byte)',';
        prefix[1] = (byte)'\n';
        this.Write(parts.Header.Span);
        try
        {
            handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch
        {
            ReturnBuffer();
            throw;
        }
    }

    /// <summary>The temporary file.</summary>
    public string Path { get; }

    /// <summary>False once abandoned or finished: appends are ignored.</summary>
    public bool IsOpen => !closed;

    /// <summary>The resource lines appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends the next resource's line; abandons the stream when its JSON is not at hand or a write fails.</summary>
    public void Append(in SerializedResource json)
    {
        if (closed)
        {
            return;
        }

        if (json.IsEmpty)
        {
            Abandon();
            return;
        }

        try
        {
            // Written out (and its writeback started) whenever the buffer is full, within a line or between two.
            this.Write(Count == 0 ? prefix.AsSpan(1) : prefix);
            json.WriteTo(this);
            Count++;
        }
        catch (IOException)
        {
            // The full write at completion meets the same disk and reports what is wrong with it.
            Abandon();
        }
    }

    /// <summary>Stops appending for good: completion writes the checkpoint in full.</summary>
    public void Abandon()
    {
        closed = true;
        used = 0;
    }

    /// <summary>
    /// Ends the file as the checkpoint of <paramref name="snapshot"/> (whose resources must be the lines appended, in
    /// order: the caller knows from <see cref="SnapshotBuilder.AppendedOnly"/>) and syncs it. Returns the finished file,
    /// for the caller to rename over the checkpoint: <see cref="Path"/>, or a second temporary file when the header's
    /// length changed (the secrets provider gained its check value when the key was first used: the lines are copied
    /// after the new header). Null when the stream was abandoned, the count differs or a write failed: the caller
    /// writes the checkpoint in full. Either way the stream is closed.
    /// </summary>
    /// <exception cref="GitOpsException">A pending operation's secret needs a key that is missing or wrong.</exception>
    public string? TryFinish(StackSnapshot snapshot, SecretsCrypter crypter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (closed || snapshot.Resources.Length != Count)
        {
            Abandon();
            return null;
        }

        closed = true;
        var parts = CheckpointSerializer.WriteAroundResourceLines(stack, snapshot, crypter);
        try
        {
            this.Write(parts.Tail.Span);
            Flush(startWriteback: false);
            if (parts.Header.Length != headerLength)
            {
                return MoveUnder(parts.Header.Span);
            }

            RandomAccess.Write(handle, parts.Header.Span, 0);
            RandomAccess.FlushToDisk(handle);
            handle.Dispose();
        }
        catch (IOException)
        {
            return null;
        }

        finished = true;
        return Path;
    }

    /// <summary>Closes the file, and deletes it unless it was finished (the caller has renamed it, or deletes it).</summary>
    public void Dispose()
    {
        handle.Dispose();
        closed = true;
        ReturnBuffer();
        if (!finished)
        {
            try
            {
                File.Delete(Path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary file: the stack's next operation deletes it.
            }
        }
    }

    /// <summary>Writes <paramref name="header"/> and then everything after the old header into a new file, synced; deletes this one.</summary>
    private string MoveUnder(ReadOnlySpan<byte> header)
    {
        var moved = Path[..^Suffix.Length] + "-moved" + Suffix;
        var copy = buffer ?? throw new ObjectDisposedException(nameof(CheckpointStream));
        try
        {
            using (var target = File.OpenHandle(moved, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var source = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                RandomAccess.Write(target, header, 0);
                for (long from = headerLength, to = header.Length; from < written;)
                {
                    var read = RandomAccess.Read(source, copy.AsSpan(0, (int)Math.Min(copy.Length, written - from)), from);
                    if (read == 0)
                    {
                        throw new IOException($"'{Path}' ended before the {written} bytes written to it");
                    }

                    RandomAccess.Write(target, copy.AsSpan(0, read), to);
                    from += read;
                    to += read;
                }

                RandomAccess.FlushToDisk(target);
            }
        }
        catch
        {
            File.Delete(moved);
            throw;
        }

        handle.Dispose();
        File.Delete(Path);
        finished = true;
        return moved;
    }

    /// <inheritdoc />
    void IBufferWriter<byte>.Advance(int count) => used += count;

    /// <inheritdoc />
    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        var start = Reserve(sizeHint);
        return buffer.AsMemory(start);
    }

    /// <inheritdoc />
    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint)
    {
        var start = Reserve(sizeHint);
        return buffer.AsSpan(start);
    }

    /// <summary>Makes room for <paramref name="sizeHint"/> bytes (writing out what is buffered when it is short); returns where it starts.</summary>
    private int Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        if (buffer.Length - used < Math.Max(sizeHint, 1))
        {
            Flush(startWriteback: true);
            if (buffer.Length < sizeHint)
            {
                // Only a caller asking for more than the whole buffer gets here (Write copies in pieces of what it gets).
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
            }
        }

        return used;
    }

    private void Flush(bool startWriteback)
    {
        if (used == 0 || buffer is null)
        {
            return;
        }

        var from = written;
        RandomAccess.Write(handle, buffer.AsSpan(0, used), from);
        written += used;
        used = 0;
        if (startWriteback && !writebackUnavailable)
        {
            StartWriteback(from, written - from);
        }
    }

    private void ReturnBuffer()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>Asks the kernel to start writing the range back now (not waiting for it); advisory, errors ignored.</summary>
    private void StartWriteback(long from, long length)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = SyncFileRange((int)handle.DangerousGetHandle(), from, length, SyncFileRangeWrite);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            writebackUnavailable = true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long length, uint flags);
}
