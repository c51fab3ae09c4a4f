using Infra.GitOps.State;

namespace Infra.GitOps.Testing.State;

/// <summary>A journal kept in the <see cref="InMemoryStateStore"/>'s stack record until completed.</summary>
internal sealed class InMemoryStateJournal : StateJournal
{
    private readonly InMemoryStateStore store;
    private readonly InMemoryStackLock stackLock;
    private readonly List<JournalEntry> entries;

    public InMemoryStateJournal(
        InMemoryStateStore store, InMemoryStackLock stackLock, List<JournalEntry> entries, StackSnapshot baseSnapshot, TimeProvider timeProvider)
        : base(baseSnapshot, timeProvider)
    {
        this.store = store;
        this.stackLock = stackLock;
        this.entries = entries;
    }

    protected override void Append(JournalEntry entry) => store.Append(stackLock, entries, entry);

    protected override Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        store.Complete(stackLock, entries, snapshot);
        return Task.CompletedTask;
    }

    protected override ValueTask CloseAsync() => ValueTask.CompletedTask;
}
