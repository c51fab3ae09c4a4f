using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.State;

/// <summary>
/// A journal in <c>&lt;stack&gt;.journal</c>, one JSON line per entry. A step serializes its own begin (on its own
/// thread, while the resource is still in its cache) and queues the line; no system call is on the step's path. A writer
/// thread of its own does the rest:
/// <list type="bullet">
/// <item>It serializes the ends of steps, which nothing waits for: the engine starts steps from one thread, and the
/// writer has time to spare between its syncs (measured, alternating builds: an up of 10,000 creates 134 against
/// 147 ms, its CPU no higher).</item>
/// <item>It takes everything queued as one batch: writes the lines (copied end to end, a megabyte at a time) and, when a
/// begin waits, syncs the file once for the whole batch (group commit: every begin queued while a sync runs shares the
/// next one); the begins waiting go on, and only then are the entries applied to the in-memory snapshot. A crash
/// mid-write leaves at most a torn last line, which replay ignores.</item>
/// <item>A begin returns once a sync that started after its entry was written has finished: nothing reaches a provider
/// before its begin is on disk.</item>
/// <item>Ends of steps are not waited for: they are written with the next batch, at the latest
/// <see cref="Linger"/> after they were recorded, and synced with the next begin or the checkpoint. A crash that loses
/// one leaves its step pending, which recovery settles by reading the resource.</item>
/// <item>The compact JSON of every new state is kept, so that the checkpoint written on completion copies it
/// instead of serializing the resource again; a created state's line itself copies its begin's resource JSON around
/// the new id and outputs. When the operation started from no resources, the writer instead appends that JSON to a
/// <see cref="CheckpointStream"/> for as long as every new state is appended in order, so that completing writes only
/// the checkpoint's end.</item>
/// <item>Lines live in native memory (<see cref="LineArena"/>), freed when the journal closes: ten thousand steps'
/// lines on the heap brought full collections in the middle of an operation.</item>
/// </list>
/// A write or sync that fails fails the begins waiting for it and every begin after it (no provider is called with
/// a begin that may not be on disk); entries are still applied in memory, so that completing writes them all in the
/// checkpoint if the disk allows it then.
/// </summary>
internal sealed class FileStateJournal : IBegunStepJournal
{
    /// <summary>How long an end of step may wait in memory for a batch to write it (bounds what a crash can lose).</summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(10);

    /// <summary>The most bytes of lines the writer copies before it writes them out.</summary>
    private const int WriteBufferSize = 1024 * 1024;

    /// <summary>Queued entries that wake the writer without waiting for <see cref="Linger"/>.</summary>
    private const int BatchThreshold = 512;

    private readonly FileStateStore store;
    private readonly FileStackLock stackLock;
    private readonly SafeFileHandle handle;
    private readonly SecretsCrypter crypter;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim closeGate = new(1, 1);
    private readonly object gate = new();
    private readonly object builderGate = new();
    private readonly SnapshotBuilder builder;
    private readonly CheckpointStream? stream;

    // The compact JSON of each new state written so far, by reference (states are immutable): the checkpoint copies it.
    private readonly Dictionary<ResourceState, SerializedResource> serialized = new(ReferenceEqualityComparer.Instance);

    // The JSON of each begun resource whose step has not ended, by operation: its end copies what did not change.
    // Under its own lock (a concurrent dictionary allocated a node per step; this one holds only the steps in flight).
    private readonly Dictionary<PendingOperation, BegunResource> begun;
    private readonly LineArena arena = new();
    private readonly Task writerLoop;
    private List<Line> queue;
    private List<Line> spare;
    private long recorded;
    private long written;
    private long synced;
    private long appended;
    private TaskCompletionSource? nextSync;

    // The next sync's waiters that took BeginStep: their continuations run on the writer thread (the engine's only queue
    // the steps to resume).
    private TaskCompletionSource? nextSyncInline;
    private bool flushRequested;
    private Exception? failure;
    private bool accepting = true;
    private bool closed;
    private bool stopping;
    private int buffersReturned;

    // The writer's copy of a batch's lines (only the writer thread uses it), and its way to the file.
    private byte[]? writeBuffer;
    private readonly LineCopier.Output writeOut;

    public FileStateJournal(
        FileStateStore store,
        FileStackLock stackLock,
        StackSnapshot baseSnapshot,
        SafeFileHandle handle,
        SecretsCrypter crypter,
        TimeProvider timeProvider,
        CheckpointStream? stream = null)
    {
        this.store = store;
        this.stream = stream;
        writeOut = WriteOut;
        (queue, spare, begun) = Buffers.Rent();
        this.stackLock = stackLock;
        this.handle = handle;
        this.crypter = crypter;
        this.timeProvider = timeProvider;
        builder = new SnapshotBuilder(baseSnapshot);

        // A dedicated thread (kept for the next journal): a sync blocks for the disk's latency, which would starve the thread pool.
        writerLoop = WriterThreads.Run(WriterLoop);
    }

    /// <inheritdoc />
    /// <remarks>Ignored once an entry was recorded.</remarks>
    public void ExpectSteps(int steps)
    {
        if (steps <= 0)
        {
            return;
        }

        lock (gate)
        {
            // Only before the first entry: the writer uses the dictionary without this lock once entries arrive.
            if (recorded != 0)
            {
                return;
            }

            if (stream is null)
            {
                // A streamed checkpoint takes the new states' JSON instead.
                serialized.EnsureCapacity(steps);
            }
        }

        lock (builderGate)
        {
            builder.EnsureCapacity(steps);
        }
    }

    /// <inheritdoc />
    /// <remarks>Waits (blocking) until the writer has applied every entry recorded so far.</remarks>
    public StackSnapshot Current
    {
        get
        {
            WaitWritten();
            lock (builderGate)
            {
                return builder.ToSnapshot();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Keeps the begin by operation until the step's end takes it (see <see cref="BeginStep"/> for a caller that holds it).</remarks>
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task BeginStepAsync(PendingOperation operation, CancellationToken cancellationToken)
    {
        var durable = Begin(operation, inline: false, out var begin);
        lock (begun)
        {
            begun[operation] = begin;
        }

        return durable;
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        BegunResource begin;
        lock (begun)
        {
            begun.Remove(operation, out begin);
        }

        return SucceedStep(operation, begin, newState);
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task BeginStep(PendingOperation operation, out BegunResource begin) => Begin(operation, inline: true, out begin);

    /// <summary>
    /// Records a begin; the task completes when it is on disk. <paramref name="inline"/>: its continuations may run on
    /// the writer thread (see <see cref="IBegunStepJournal.BeginStep"/>); otherwise they run on the thread pool.
    /// </summary>
    private Task Begin(PendingOperation operation, bool inline, out BegunResource begin)
    {
        // Not cancellable once queued: the entry will be written, and the caller must not go on before it is durable.
        ArgumentNullException.ThrowIfNull(operation);
        EnterArena();
        try
        {
            var line = Line.Of(LineKind.Begin, operation, StepKey.Of(operation), null, crypter, default, BegunReuse.None, arena, out begin);
            lock (gate)
            {
                var mine = Record(line);
                if (synced >= mine)
                {
                    return Task.CompletedTask;
                }

                if (failure is not null)
                {
                    return Task.FromException(failure);
                }

                ref var waiting = ref inline ? ref nextSyncInline : ref nextSync;
                if (waiting is null)
                {
                    waiting = new TaskCompletionSource(inline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
                    Monitor.PulseAll(gate);
                }

                return waiting.Task;
            }
        }
        finally
        {
            arena.Exit();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task SucceedStep(PendingOperation operation, in BegunResource begin, ResourceState? newState)
    {
        ArgumentNullException.ThrowIfNull(operation);

        // A created state is its begin's resource with an id and outputs: its line records only those (the checkpoint
        // copies the rest from the begin's line). Other new states usually keep the very inputs object their begin
        // recorded: those are copied. The writer serializes the line (see the class's remarks).
        var reuse = newState is null ? BegunReuse.None
            : newState.DiffersOnlyInIdAndOutputs(operation.Resource) ? BegunReuse.AllButIdAndOutputs
            : ReferenceEquals(newState.Inputs, operation.Resource.Inputs) ? BegunReuse.Inputs
            : BegunReuse.None;
        var line = Line.Unwritten(StepKey.Of(operation), newState, begin, reuse);
        lock (gate)
        {
            Record(line);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        EnterArena();
        try
        {
            lock (begun)
            {
                begun.Remove(operation);
            }

            var line = Line.Of(LineKind.Fail, null, StepKey.Of(operation), null, crypter, default, BegunReuse.None, arena, out _);
            lock (gate)
            {
                Record(line);
            }

            return Task.CompletedTask;
        }
        finally
        {
            arena.Exit();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The snapshot's time is the time provider's now. Unfinished steps stay as pending operations. When writing the
    /// checkpoint fails, the journal stays open (and on disk) and entries may be recorded again.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public async Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken)
    {
        await closeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(closed, this);

                // No entry may slip in between the snapshot and the commit: it would be lost with the journal.
                accepting = false;
            }

            StackSnapshot snapshot;
            try
            {
                await Task.Run(WaitWritten, CancellationToken.None).ConfigureAwait(false);
                lock (builderGate)
                {
                    snapshot = builder.ToSnapshot() with { Time = timeProvider.GetUtcNow() };
                }

                await store.CommitOperationAsync(
                    stackLock, snapshot, crypter, state => serialized.GetValueOrDefault(state), stream, StopWriterAsync, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Entries recorded after this would have to follow lines the stream may have ended.
                stream?.Abandon();
                lock (gate)
                {
                    accepting = true;
                }

                throw;
            }

            lock (gate)
            {
                closed = true;
            }

            await StopWriterAsync().ConfigureAwait(false);
            return snapshot;
        }
        finally
        {
            closeGate.Release();
        }
    }

    /// <summary>Closes the journal without completing it: what was recorded is written, and stays for the next load to replay.</summary>
    public async ValueTask DisposeAsync()
    {
        await closeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (gate)
            {
                closed = true;
                accepting = false;
            }

            await StopWriterAsync().ConfigureAwait(false);
        }
        finally
        {
            closeGate.Release();
        }
    }

    /// <summary>Enters the line arena, or throws when the journal has closed (and freed it).</summary>
    private void EnterArena()
    {
        if (!arena.TryEnter())
        {
            throw new ObjectDisposedException(nameof(FileStateJournal));
        }
    }

    /// <summary>Queues <paramref name="line"/> (the caller holds <c>gate</c>); returns its sequence number.</summary>
    private long Record(Line line)
    {
        ObjectDisposedException.ThrowIf(!accepting, this);
        queue.Add(line);

        // The first entry starts the writer's linger; a full batch ends it.
        if (queue.Count == 1 || queue.Count == BatchThreshold)
        {
            Monitor.PulseAll(gate);
        }

        return ++recorded;
    }

    /// <summary>Blocks until the writer has written and applied every entry recorded before the call.</summary>
    private void WaitWritten()
    {
        lock (gate)
        {
            var target = recorded;
            while (written < target)
            {
                flushRequested = true;
                Monitor.PulseAll(gate);
                Monitor.Wait(gate);
            }
        }
    }

    private void WriterLoop()
    {
        var first = true;
        while (true)
        {
            List<Line> batch;
            TaskCompletionSource? sync;
            TaskCompletionSource? syncInline;
            long end;
            if (!first)
            {
                // Let the steps this batch's sync resumed run before taking the next batch. A begin wakes this thread at
                // once, and on a core it shares with the steps' thread (when a neighbour holds the other one) it would
                // take the few lines recorded so far and preempt the step that was adding to them. Measured, alternating
                // builds (when two threads dispatched steps, and the JIT still compiled during the runs): pinned to one
                // core an up of 10,000 creates took 329 ms instead of 483; on two cores the same wall time, with 25 ms
                // less CPU. With one dispatching thread, its absence made no difference beyond the noise.
                Thread.Yield();
            }

            first = false;
            lock (gate)
            {
                while (!stopping && nextSync is null && nextSyncInline is null && !flushRequested && queue.Count < BatchThreshold)
                {
                    if (queue.Count == 0)
                    {
                        Monitor.Wait(gate);
                    }
                    else if (!Monitor.Wait(gate, Linger))
                    {
                        break;
                    }
                }

                if (stopping && queue.Count == 0 && nextSync is null && nextSyncInline is null)
                {
                    Monitor.PulseAll(gate);
                    return;
                }

                batch = queue;
                queue = spare;
                end = recorded;
                sync = nextSync;
                syncInline = nextSyncInline;
                nextSync = null;
                nextSyncInline = null;
                flushRequested = false;
            }

            var error = Volatile.Read(ref failure);
            if (error is null)
            {
                try
                {
                    Write(batch);
                    if (sync is not null || syncInline is not null)
                    {
                        RandomAccess.FlushToDisk(handle);
                    }
                }
                catch (Exception exception)
                {
                    // The writer's boundary: a failed write or sync fails the begins waiting for it and every later
                    // begin (their providers must not be called), rather than leaving them waiting forever.
                    error = exception;
                }
            }

            // The begins waiting for this sync go on first; the snapshot is brought up to date while they run.
            lock (gate)
            {
                if (error is null && (sync is not null || syncInline is not null))
                {
                    synced = end;
                }

                failure ??= error;
            }

            // The engine's continuations (they only queue the steps) first, on this thread; then the others', on the pool.
            End(syncInline, error);
            End(sync, error);

            lock (builderGate)
            {
                foreach (var line in batch)
                {
                    line.ApplyTo(builder);
                    if (stream is { IsOpen: true } && !builder.AppendedOnly)
                    {
                        // The checkpoint streams only while every new state is appended in order.
                        stream.Abandon();
                    }

                    if (line is { Kind: LineKind.Succeed, State: { } state })
                    {
                        Keep(state, line.NewState);
                    }
                }
            }

            batch.Clear();
            lock (gate)
            {
                spare = batch;
                written = end;
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>Completes the waiters of a sync that ended, when there are any.</summary>
    private static void End(TaskCompletionSource? waiters, Exception? error)
    {
        if (waiters is null)
        {
            return;
        }

        if (error is null)
        {
            waiters.SetResult();
        }
        else
        {
            waiters.SetException(error);
        }
    }

    /// <summary>
    /// Keeps a new state's JSON for the checkpoint: appended to the streamed checkpoint while it is open, otherwise kept
    /// for the full write at completion (which serializes again those the stream took before it was abandoned, and any
    /// state whose JSON is not at hand).
    /// </summary>
    private void Keep(ResourceState state, in SerializedResource json)
    {
        if (stream is { IsOpen: true })
        {
            stream.Append(json);
            if (stream.IsOpen)
            {
                return;
            }
        }

        if (!json.IsEmpty)
        {
            serialized[state] = json;
        }
    }

    /// <summary>
    /// Writes the lines of <paramref name="batch"/> at the end of the file: copied end to end into one buffer (kept for
    /// the next batch), written a megabyte at a time. A gathering write of the lines where they are allocated two arrays
    /// per call, each as long as the number of separate pieces (hundreds: three threads' lines interleave), 0.4 MB per
    /// operation of 10,000 steps; the copy costs less than a millisecond of the writer's time for the same operation.
    /// </summary>
    private void Write(List<Line> batch)
    {
        var copier = new LineCopier(writeBuffer ??= ArrayPool<byte>.Shared.Rent(WriteBufferSize), writeOut);
        var entered = false;
        try
        {
            foreach (ref var line in CollectionsMarshal.AsSpan(batch))
            {
                if (line.Bytes.IsEmpty)
                {
                    // An end recorded unwritten: serialized here, in place (the snapshot and the checkpoint take its JSON).
                    if (!entered && !(entered = arena.TryEnter()))
                    {
                        throw new ObjectDisposedException(nameof(FileStateJournal));
                    }

                    line = line.Written(crypter, arena);
                }

                copier.Add(line.Bytes.Span);
            }
        }
        finally
        {
            if (entered)
            {
                arena.Exit();
            }
        }

        copier.Flush();
    }

    /// <summary>Appends <paramref name="bytes"/> to the file (not cancellable once started: a half-written line is torn).</summary>
    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        RandomAccess.Write(handle, bytes, appended);
        appended += bytes.Length;
    }

    /// <summary>Lets the writer write what is queued and end, then closes the file (idempotent).</summary>
    private async Task StopWriterAsync()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }

        await writerLoop.ConfigureAwait(false);
        lock (gate)
        {
            if (!handle.IsClosed)
            {
                handle.Dispose();
            }
        }

        stream?.Dispose();

        // Nothing reads the lines any more (the writer has ended, the checkpoint is written or abandoned): free them.
        serialized.Clear();
        lock (begun)
        {
            begun.Clear();
        }

        arena.Dispose();

        // Nothing of this journal uses them any more: a caller still holding it is refused by the disposed arena first.
        // Once only (this method runs again when a completed journal is disposed).
        if (Interlocked.Exchange(ref buffersReturned, 1) == 0)
        {
            Buffers.Return(queue, spare, begun);
            if (writeBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(writeBuffer);
                writeBuffer = null;
            }
        }
    }

    /// <summary>
    /// The collections a journal fills while it runs, kept for the next journal: the queues of lines and the begun
    /// resources grow to a thousand entries and more in an operation of ten thousand steps, and growing them anew each
    /// time cost 1.5 MB of allocations per operation. At most <see cref="PoolLimit"/> sets are kept, none that grew
    /// beyond <see cref="CapacityLimit"/> entries.
    /// </summary>
    private static class Buffers
    {
        private const int PoolLimit = 4;
        private const int CapacityLimit = 16 * 1024;

        private static readonly Stack<(List<Line>, List<Line>, Dictionary<PendingOperation, BegunResource>)> Pool = new();

        public static (List<Line> Queue, List<Line> Spare, Dictionary<PendingOperation, BegunResource> Begun) Rent()
        {
            lock (Pool)
            {
                if (Pool.TryPop(out var kept))
                {
                    return kept;
                }
            }

            return (new List<Line>(256), new List<Line>(256), new Dictionary<PendingOperation, BegunResource>(ReferenceEqualityComparer.Instance));
        }

        public static void Return(List<Line> queue, List<Line> spare, Dictionary<PendingOperation, BegunResource> begun)
        {
            if (queue.Capacity > CapacityLimit || spare.Capacity > CapacityLimit || begun.EnsureCapacity(0) > CapacityLimit)
            {
                return;
            }

            queue.Clear();
            spare.Clear();
            begun.Clear();
            lock (Pool)
            {
                if (Pool.Count < PoolLimit)
                {
                    Pool.Push((queue, spare, begun));
                }
            }
        }
    }

    /// <summary>What a journal line records.</summary>
    private enum LineKind : byte
    {
        Begin,
        Succeed,
        Fail,
    }

    /// <summary>
    /// An entry (its kind, the begun operation, the step's key, the new state) and its journal line (JSON and newline;
    /// empty for an end not serialized yet, see <see cref="Unwritten"/>); <see cref="NewState"/> is the new state's JSON
    /// (within it, or partly in its begin's line). The entry's fields are held here rather than in a
    /// <see cref="JournalEntry"/>: two of those per step were 0.6 MB per 10,000 steps.
    /// </summary>
    private readonly record struct Line(
        LineKind Kind, PendingOperation? Operation, StepKey Step, ResourceState? State, ReadOnlyMemory<byte> Bytes, SerializedResource NewState)
    {
        /// <summary>An unwritten end's begin (its resource JSON within the begin's line) and what its new state copies from it.</summary>
        private BegunResource Begun { get; init; }

        private BegunReuse Reuse { get; init; }

        /// <summary>The end of a step, to be serialized by <see cref="Written"/>.</summary>
        public static Line Unwritten(StepKey step, ResourceState? state, in BegunResource begun, BegunReuse reuse) =>
            new(LineKind.Succeed, null, step, state, default, default) { Begun = begun, Reuse = reuse };

        /// <summary>This unwritten end, serialized on the calling thread into <paramref name="arena"/> (which the caller has entered).</summary>
        public Line Written(SecretsCrypter crypter, LineArena arena) =>
            Of(Kind, null, Step, State, crypter, Begun, Reuse, arena, out _);

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? writer;

        [ThreadStatic]
        private static byte[]? compact;

        /// <summary>Applies the entry to <paramref name="builder"/>.</summary>
        public void ApplyTo(SnapshotBuilder builder)
        {
            switch (Kind)
            {
                case LineKind.Begin:
                    builder.Begin(Operation!);
                    break;
                case LineKind.Succeed:
                    builder.Succeed(Step, State);
                    break;
                default:
                    builder.Fail(Step);
                    break;
            }
        }

        /// <summary>
        /// Serializes the entry on the calling thread (one reused writer per thread) and keeps the line in
        /// <paramref name="arena"/> (which the caller has entered); a new state copies from <paramref name="begun"/> what
        /// <paramref name="reuse"/> allows. <paramref name="begunResource"/> is a begin's resource JSON within the line.
        /// </summary>
        public static Line Of(
            LineKind kind,
            PendingOperation? operation,
            StepKey step,
            ResourceState? state,
            SecretsCrypter crypter,
            BegunResource begun,
            BegunReuse reuse,
            LineArena arena,
            out BegunResource begunResource)
        {
            if (kind == LineKind.Begin)
            {
                // Most begins take the compact writer; the others, the full one below.
                var scratch = compact ??= new byte[4096];
                var written = JournalLineSerializer.TryWriteBeginCompact(operation!, ref scratch, out var length, out var layout);
                compact = scratch.Length > 64 * 1024 ? null : scratch;
                if (written)
                {
                    var line = arena.Keep(scratch.AsSpan(0, length));
                    begunResource = new BegunResource(line[layout.Start..layout.End], layout.From(layout.Start));
                    return new Line(kind, operation, step, null, line, default);
                }
            }

            var lineBuffer = buffer ??= new ArrayBufferWriter<byte>(4096);
            var lineWriter = writer ??= new Utf8JsonWriter(lineBuffer, StateJson.WriterOptions(indented: false));
            lineBuffer.ResetWrittenCount();
            lineWriter.Reset(lineBuffer);
            var (parts, resource) = kind switch
            {
                LineKind.Begin => JournalLineSerializer.WriteBegin(lineWriter, lineBuffer, operation!, crypter),
                LineKind.Succeed => JournalLineSerializer.WriteSucceed(lineWriter, lineBuffer, step, state, crypter, begun.Json.Span, begun.Layout, reuse),
                _ => JournalLineSerializer.WriteFail(lineWriter, lineBuffer, step),
            };
            var bytes = arena.Keep(lineBuffer.WrittenSpan);
            if (lineBuffer.Capacity > 1024 * 1024)
            {
                // One huge entry must not pin its buffer for the thread's lifetime.
                buffer = null;
                writer = null;
            }

            begunResource = kind == LineKind.Begin
                ? new BegunResource(bytes[resource.Start..resource.End], resource.From(resource.Start))
                : default;
            var newState = kind != LineKind.Succeed || state is null ? default
                : !parts.FromBegun ? SerializedResource.Whole(bytes[parts.Whole])
                : new SerializedResource(default, begun.Json, begun.Layout, bytes[parts.Id], bytes[parts.Outputs]);
            return new Line(kind, operation, step, state, bytes, newState);
        }
    }

}
