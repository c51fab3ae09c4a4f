using System.Collections.Concurrent;
using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Running;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>Stands in for the engine in the loop's unit tests: answers previews as told and counts each call.</summary>
public sealed class ScriptedRunner : IStackRunner
{
    public ConcurrentQueue<(string Operation, string Stack, string? Revision)> Calls { get; } = new();

    public ChangeCounts Changes { get; set; } = new(1, 0, 0, 0, 0);

    public ImmutableArray<string> Deletes { get; set; } = ImmutableArray<string>.Empty;

    public string? FailUpWith { get; set; }

    public Func<Task>? DuringUp { get; set; }

    public Func<CancellationToken, Task>? DuringPreview { get; set; }

    public IEnumerable<string?> Applied(string stack) => Calls.Where(c => c.Operation == "up" && c.Stack == stack).Select(c => c.Revision);

    public Task<int> RefreshAsync(StackRun run, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("refresh", run.Stack.Name, run.Repository.Revision));
        return Task.FromResult(0);
    }

    public async Task<StackPreview> PreviewAsync(StackRun run, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("preview", run.Stack.Name, run.Repository.Revision));
        if (DuringPreview is { } during)
        {
            await during(cancellationToken);
        }

        return new StackPreview(Changes, Deletes, null);
    }

    public async Task<StackApplyResult> UpAsync(StackRun run, StackPreview preview, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("up", run.Stack.Name, run.Repository.Revision));
        if (DuringUp is { } during)
        {
            await during();
        }

        return FailUpWith is { } message
            ? new StackApplyFailed(ChangeCounts.None, message)
            : new StackApplied(preview.Changes, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [
                KeyValuePair.Create<string, PropertyValue>("web.ipAddress", new StringValue("10.0.0.2")),
                KeyValuePair.Create<string, PropertyValue>("db.password", new SecretValue(new StringValue("hunter2")))]));
    }
}
