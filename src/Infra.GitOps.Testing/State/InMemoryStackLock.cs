using Infra.GitOps.State;

namespace Infra.GitOps.Testing.State;

/// <summary>A lock held in an <see cref="InMemoryStateStore"/>.</summary>
internal sealed class InMemoryStackLock : IStackLock
{
    public InMemoryStackLock(InMemoryStateStore store, string stack, LockOwner owner)
    {
        Store = store;
        Stack = stack;
        Owner = owner;
    }

    public InMemoryStateStore Store { get; }

    public string Stack { get; }

    public LockOwner Owner { get; }

    public ValueTask DisposeAsync()
    {
        Store.Release(this);
        return ValueTask.CompletedTask;
    }
}
