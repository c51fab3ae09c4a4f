namespace Infra.GitOps.State;

/// <summary>
/// The journal protocol shared by every store: each entry is written by <see cref="Append"/> and applied to the
/// in-memory snapshot (<see cref="Current"/>) one at a time (concurrent calls are serialised; both are O(1) and
/// never wait for the disk). Only <see cref="BeginStepAsync"/> then waits in <see cref="MakeDurableAsync"/>, outside
/// that critical section, so that concurrent steps share one disk sync (group commit). The ends of steps are not
/// waited for: they become durable with the next begin's sync (entries reach the disk in order) or with
/// <see cref="CompleteAsync"/>, and a crash that loses one leaves its step pending, which recovery settles by
/// reading the resource.
/// <see cref="CompleteAsync"/> hands the final snapshot, in topological order, to <see cref="CommitAsync"/>.
/// Disposing without completing leaves the journal for the store's next load to replay, exactly as a crash would:
/// an engine that stops on an error should still record failed steps and call <see cref="CompleteAsync"/>.
/// </summary>
public abstract class StateJournal : IStateJournal
{
    private readonly SemaphoreSlim closeGate = new(1, 1);
    private readonly object gate = new();
    private readonly SnapshotBuilder builder;
    private readonly TimeProvider timeProvider;
    private bool closed;
    private bool completing;

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
            lock (gate)
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
        Record(new StepBegun(operation));
        return MakeDurableAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken)
    {
        Record(new StepSucceeded(StepKey.Of(operation), newState));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken)
    {
        Record(new StepFailed(StepKey.Of(operation)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The snapshot's time is the time provider's now. Unfinished steps stay as pending operations.</remarks>
    /// <exception cref="ObjectDisposedException">The journal was completed or disposed.</exception>
    public async Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken)
    {
        await closeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StackSnapshot snapshot;
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(closed, this);

                // No entry may slip in between the snapshot and the commit: it would be lost with the journal.
                completing = true;
                snapshot = builder.ToSnapshot() with { Time = timeProvider.GetUtcNow() };
            }

            try
            {
                await CommitAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (gate)
                {
                    completing = false;
                }

                throw;
            }

            lock (gate)
            {
                closed = true;
            }

            await CloseAsync().ConfigureAwait(false);
            return snapshot;
        }
        finally
        {
            closeGate.Release();
        }
    }

    /// <summary>Closes the journal without completing it (the entries so far stay for the next load to replay).</summary>
    public async ValueTask DisposeAsync()
    {
        await closeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            bool wasOpen;
            lock (gate)
            {
                wasOpen = !closed;
                closed = true;
            }

            if (wasOpen)
            {
                await CloseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            closeGate.Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Writes <paramref name="entry"/> after every entry before it; called one at a time (under the journal's lock),
    /// before the entry is applied. It must not wait for the disk: <see cref="MakeDurableAsync"/> does.
    /// </summary>
    protected abstract void Append(JournalEntry entry);

    /// <summary>
    /// Makes every entry appended so far durable (at least the caller's). Called concurrently, after the caller's
    /// <see cref="Append"/>, by <see cref="BeginStepAsync"/> only; the default does nothing (appends are durable
    /// when they return).
    /// </summary>
    protected virtual Task MakeDurableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes <paramref name="snapshot"/> as the stack's checkpoint and discards the journal.</summary>
    protected abstract Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Releases the journal's resources (called once, after a commit or on dispose).</summary>
    protected abstract ValueTask CloseAsync();

    private void Record(JournalEntry entry)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed || completing, this);
            Append(entry);
            builder.Apply(entry);
        }
    }
}
