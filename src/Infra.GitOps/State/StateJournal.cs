namespace Infra.GitOps.State;

/// <summary>
/// The journal protocol shared by every store: entries are made durable by <see cref="AppendAsync"/> first, then
/// applied to the in-memory snapshot (<see cref="Current"/>), one at a time (concurrent calls are serialised).
/// <see cref="CompleteAsync"/> hands the final snapshot, in topological order, to <see cref="CommitAsync"/>.
/// Disposing without completing leaves the journal for the store's next load to replay, exactly as a crash would:
/// an engine that stops on an error should still record failed steps and call <see cref="CompleteAsync"/>.
/// </summary>
public abstract class StateJournal : IStateJournal
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly object snapshotGate = new();
    private readonly SnapshotBuilder builder;
    private readonly TimeProvider timeProvider;
    private bool closed;

    /// <summary>Starts a journal from <paramref name="baseSnapshot"/> (its pending operations stay pending until an entry ends them).</summary>
    protected StateJournal(StackSnapshot baseSnapshot, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(baseSnapshot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        builder = new SnapshotBuilder(baseSnapshot);
        this.timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public StackSnapshot Current
    {
        get
        {
            lock (snapshotGate)
            {
                return builder.ToSnapshot();
            }
        }
    }

    /// <summary>
    /// Replays <paramref name="entries"/> (in order) onto <paramref name="checkpoint"/>: what a store's load does with
    /// the journal an interrupted operation left. Steps begun and not ended become pending operations.
    /// </summary>
    public static StackSnapshot Replay(StackSnapshot checkpoint, IEnumerable<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(entries);
        var replay = new SnapshotBuilder(checkpoint);
        foreach (var entry in entries)
        {
            replay.Apply(entry);
        }

        return replay.ToSnapshot();
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task BeginStepAsync(PendingOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RecordAsync(new StepBegun(operation), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken) =>
        RecordAsync(new StepSucceeded(StepKey.Of(operation), newState), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken) =>
        RecordAsync(new StepFailed(StepKey.Of(operation)), cancellationToken);

    /// <inheritdoc />
    /// <remarks>The snapshot's time is the time provider's now. Unfinished steps stay as pending operations.</remarks>
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public async Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(closed, this);
            StackSnapshot snapshot;
            lock (snapshotGate)
            {
                snapshot = builder.ToSnapshot() with { Time = timeProvider.GetUtcNow() };
            }

            await CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
            closed = true;
            await CloseAsync().ConfigureAwait(false);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Closes the journal without completing it (the entries so far stay for the next load to replay).</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!closed)
            {
                closed = true;
                await CloseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Makes <paramref name="entry"/> durable; called one at a time, before the entry is applied.</summary>
    protected abstract Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="snapshot"/> as the stack's checkpoint and discards the journal.</summary>
    protected abstract Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Releases the journal's resources (called once, after a commit or on dispose).</summary>
    protected abstract ValueTask CloseAsync();

    private async Task RecordAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(closed, this);
            await AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            lock (snapshotGate)
            {
                builder.Apply(entry);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
