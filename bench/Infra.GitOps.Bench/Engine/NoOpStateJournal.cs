using Infra.GitOps.State;

namespace Infra.GitOps.Bench.Engine;

/// <summary>A journal that records nothing: applying with persistence off, the baseline of the persistence cost.</summary>
internal sealed class NoOpStateJournal(StackSnapshot baseSnapshot) : IStateJournal
{
    public StackSnapshot Current => baseSnapshot;

    public Task BeginStepAsync(PendingOperation operation, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken) => Task.FromResult(baseSnapshot);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
