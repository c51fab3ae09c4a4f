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
/// <see cref="TryFinish"/> writes the real header over it.</item>
/// <item>Anything else (a resource replaced or removed, an order to repair, a header whose length changed, a write that
/// failed) abandons the stream: the caller writes the checkpoint in full, as it would without one.</item>
/// </list>
/// The file is never the checkpoint until <see cref="TryFinish"/> has synced it and the caller renamed it; a crash
/// leaves a temporary file that the stack's next operation deletes. Not thread-safe: the writer appends, then (once it
/// is idle) the completing thread finishes.
/// </summary>
internal sealed partial class CheckpointStream : IDisposable
{
    /// <summary>How much is buffered before it is written (and its writeback started).</summary>
    internal const int Chunk = 1024 * 1024;

    /// <summary>The name suffix of the temporary files.</summary>
    internal const string Suffix = ".streaming";

    private const uint SyncFileRangeWrite = 2;

    private static bool writebackUnavailable = !OperatingSystem.IsLinux();

    private readonly string stack;
    private readonly SafeFileHandle handle;
    private readonly ArrayBufferWriter<byte> buffer = new(Chunk + (64 * 1024));
    private readonly byte[] prefix;
    private readonly int headerLength;
    private long written;
    private bool closed;
    private bool finished;

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
        buffer.Write(parts.Header.Span);
        handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
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

        buffer.Write(Count == 0 ? prefix.AsSpan(1) : prefix);
        json.WriteTo(buffer);
        Count++;
        if (buffer.WrittenCount >= Chunk)
        {
            try
            {
                Flush(startWriteback: true);
            }
            catch (IOException)
            {
                // The full write at completion meets the same disk and reports what is wrong with it.
                Abandon();
            }
        }
    }

    /// <summary>Stops appending for good: completion writes the checkpoint in full.</summary>
    public void Abandon()
    {
        closed = true;
        buffer.Clear();
    }

    /// <summary>
    /// Ends the file as the checkpoint of <paramref name="snapshot"/> (whose resources must be the lines appended, in
    /// order: the caller knows from <see cref="SnapshotBuilder.AppendedOnly"/>) and syncs it, for the caller to rename
    /// over the checkpoint. False when the stream was abandoned, the count differs, the header's length changed or a
    /// write failed: the caller writes the checkpoint in full. Either way the stream is closed.
    /// </summary>
    /// <exception cref="GitOpsException">A pending operation's secret needs a key that is missing or wrong.</exception>
    public bool TryFinish(StackSnapshot snapshot, SecretsCrypter crypter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (closed || snapshot.Resources.Length != Count)
        {
            Abandon();
            return false;
        }

        closed = true;
        var parts = CheckpointSerializer.WriteAroundResourceLines(stack, snapshot, crypter);
        if (parts.Header.Length != headerLength)
        {
            // The secrets provider's state changed its length (a key derived during the operation): no room for it.
            buffer.Clear();
            return false;
        }

        try
        {
            buffer.Write(parts.Tail.Span);
            Flush(startWriteback: false);
            RandomAccess.Write(handle, parts.Header.Span, 0);
            RandomAccess.FlushToDisk(handle);
            handle.Dispose();
        }
        catch (IOException)
        {
            return false;
        }

        finished = true;
        return true;
    }

    /// <summary>Closes the file, and deletes it unless it was finished (the caller has renamed it, or deletes it).</summary>
    public void Dispose()
    {
        handle.Dispose();
        closed = true;
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

    private void Flush(bool startWriteback)
    {
        if (buffer.WrittenCount == 0)
        {
            return;
        }

        var from = written;
        RandomAccess.Write(handle, buffer.WrittenSpan, from);
        written += buffer.WrittenCount;
        buffer.ResetWrittenCount();
        if (startWriteback && !writebackUnavailable)
        {
            StartWriteback(from, written - from);
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
