using System.Buffers;
using System.Text.Json;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.State;

/// <summary>
/// A journal in <c>&lt;stack&gt;.journal</c>: each entry is one JSON line written with a single positional write, so
/// it costs O(size of the entry), never O(size of the state); a crash mid-write leaves at most a torn last line,
/// which replay ignores. Durability is a group commit on a thread of its own: a begin returns once a disk sync that
/// started after its write has finished; every begin written while a sync runs shares the next one, so a sync
/// covers as many steps as arrive during one sync, however many that is.
/// </summary>
internal sealed class FileStateJournal : StateJournal
{
    private readonly FileStateStore store;
    private readonly FileStackLock stackLock;
    private readonly SafeFileHandle handle;
    private readonly SecretsCrypter crypter;
    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter writer;
    private readonly object syncGate = new();
    private TaskCompletionSource? nextSync;
    private Task? syncLoop;
    private long appended;
    private long synced;
    private bool stopping;

    public FileStateJournal(
        FileStateStore store, FileStackLock stackLock, StackSnapshot baseSnapshot, SafeFileHandle handle, SecretsCrypter crypter, TimeProvider timeProvider)
        : base(baseSnapshot, timeProvider)
    {
        this.store = store;
        this.stackLock = stackLock;
        this.handle = handle;
        this.crypter = crypter;
        writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
    }

    protected override void Append(JournalEntry entry)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JournalLineSerializer.Write(writer, buffer, entry, crypter);

        // One pwrite of the whole line at the end; not cancellable once started (a half-written line is torn).
        RandomAccess.Write(handle, buffer.WrittenSpan, appended);
        Volatile.Write(ref appended, appended + buffer.WrittenCount);
        if (buffer.Capacity > 4 * 1024 * 1024)
        {
            buffer.Clear();
        }
    }

    protected override Task MakeDurableAsync(CancellationToken cancellationToken)
    {
        // Not cancellable: the caller's entry is written, and it must not return before it is durable.
        var mine = Volatile.Read(ref appended);
        lock (syncGate)
        {
            if (synced >= mine || stopping)
            {
                return Task.CompletedTask;
            }

            if (nextSync is null)
            {
                nextSync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Monitor.Pulse(syncGate);
            }

            syncLoop ??= Task.Factory.StartNew(SyncLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return nextSync.Task;
        }
    }

    protected override async Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        await store.CommitOperationAsync(stackLock, snapshot, crypter, CloseHandleAsync, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask CloseAsync() => await CloseHandleAsync().ConfigureAwait(false);

    /// <summary>
    /// The group commit, on a dedicated thread (a sync blocks it for the disk's latency, which would starve the
    /// thread pool): waits for a request, takes every waiter registered so far as one batch, syncs everything
    /// written so far (each waiter wrote before registering, so the sync covers its entry), releases the batch.
    /// </summary>
    private void SyncLoop()
    {
        while (true)
        {
            TaskCompletionSource batch;
            long target;
            lock (syncGate)
            {
                while (nextSync is null && !stopping)
                {
                    Monitor.Wait(syncGate);
                }

                if (nextSync is null)
                {
                    return;
                }

                batch = nextSync;
                nextSync = null;
                target = Volatile.Read(ref appended);
            }

            try
            {
                RandomAccess.FlushToDisk(handle);
                lock (syncGate)
                {
                    synced = Math.Max(synced, target);
                }

                batch.SetResult();
            }
            catch (Exception exception)
            {
                // The sync thread's boundary: whatever the sync throws fails this batch's begins (their steps must not
                // call their providers: their begins may not be on disk) rather than leaving them waiting forever.
                batch.SetException(exception);
            }
        }
    }

    private async Task CloseHandleAsync()
    {
        Task? loop;
        lock (syncGate)
        {
            stopping = true;
            loop = syncLoop;
            Monitor.Pulse(syncGate);
        }

        // The loop serves the batch it holds, if any, then ends; only then may the handle go.
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        lock (syncGate)
        {
            if (!handle.IsClosed)
            {
                handle.Dispose();
                writer.Dispose();
            }
        }
    }
}
