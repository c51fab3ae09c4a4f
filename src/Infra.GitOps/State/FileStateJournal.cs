using System.Buffers;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.State;

/// <summary>
/// A journal in <c>&lt;stack&gt;.journal</c>: each entry is one JSON line written with a single positional write, so
/// it costs O(size of the entry), never O(size of the state); a crash mid-write leaves at most a torn last line,
/// which replay ignores. Durability is a group commit: a step returns once a disk sync that started after its write
/// has finished, and steps running in parallel share one sync.
/// </summary>
internal sealed class FileStateJournal : StateJournal
{
    private readonly FileStateStore store;
    private readonly FileStackLock stackLock;
    private readonly SafeFileHandle handle;
    private readonly SecretsCrypter crypter;
    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly SemaphoreSlim syncGate = new(1, 1);
    private long appended;
    private long synced;
    private bool handleClosed;

    public FileStateJournal(
        FileStateStore store, FileStackLock stackLock, StackSnapshot baseSnapshot, SafeFileHandle handle, SecretsCrypter crypter, TimeProvider timeProvider)
        : base(baseSnapshot, timeProvider)
    {
        this.store = store;
        this.stackLock = stackLock;
        this.handle = handle;
        this.crypter = crypter;
    }

    protected override Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        JournalLineSerializer.Write(buffer, entry, crypter);

        // One pwrite of the whole line at the end; not cancellable once started (a half-written line is torn).
        RandomAccess.Write(handle, buffer.WrittenSpan, appended);
        Volatile.Write(ref appended, appended + buffer.WrittenCount);
        if (buffer.Capacity > 4 * 1024 * 1024)
        {
            buffer.Clear();
        }

        return Task.CompletedTask;
    }

    protected override async Task MakeDurableAsync(CancellationToken cancellationToken)
    {
        var mine = Volatile.Read(ref appended);
        if (Volatile.Read(ref synced) >= mine)
        {
            return;
        }

        // Not cancellable: the caller's entry is written, and it must not return before it is durable.
        await syncGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Whoever synced while we waited may have covered our write already.
            if (synced >= mine || handleClosed)
            {
                return;
            }

            var target = Volatile.Read(ref appended);
            RandomAccess.FlushToDisk(handle);
            Volatile.Write(ref synced, target);
        }
        finally
        {
            syncGate.Release();
        }
    }

    protected override async Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        await store.CommitOperationAsync(stackLock, snapshot, crypter, CloseHandleAsync, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask CloseAsync() => await CloseHandleAsync().ConfigureAwait(false);

    private async Task CloseHandleAsync()
    {
        await syncGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!handleClosed)
            {
                handleClosed = true;
                handle.Dispose();
            }
        }
        finally
        {
            syncGate.Release();
        }
    }
}
