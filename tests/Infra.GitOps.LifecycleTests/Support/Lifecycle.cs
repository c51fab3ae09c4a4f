using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Infra.GitOps.LifecycleTests.Support;

/// <summary>One engine scenario: a fake provider over an in-memory cloud, a state store, and the operations.</summary>
internal sealed class Lifecycle
{
    public Lifecycle()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Cloud = FakeCloud.InMemory();
        Provider = new FakeProvider("fake", Cloud, Time);
        Store = new TestStateStore();
        Operations = new StackOperations(Time);
    }

    public FakeTimeProvider Time { get; }

    public FakeCloud Cloud { get; }

    public FakeProvider Provider { get; }

    public TestStateStore Store { get; }

    public StackOperations Operations { get; }

    public static LockOwner Owner { get; } = new("test", Environment.ProcessId, "localhost", "up", DateTimeOffset.UnixEpoch);

    public StackOperationOptions Options { get; set; } = StackOperationOptions.Default;

    /// <summary>A fresh registry per operation, as the CLI does.</summary>
    public ProviderRegistry Registry() => new(Provider);

    public Task<Plan> PreviewAsync(ResourceGraph graph, CancellationToken cancellationToken = default) =>
        Operations.PreviewAsync(graph, Store, Registry(), Options, cancellationToken);

    public Task<UpResult> UpAsync(ResourceGraph graph, CancellationToken cancellationToken = default) =>
        Operations.UpAsync(graph, Store, Registry(), Owner, Options, cancellationToken);

    public Task<UpResult> DestroyAsync(ResourceGraph graph, CancellationToken cancellationToken = default) =>
        Operations.DestroyAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, Store, Registry(), Owner, Options, cancellationToken);

    public Task<UpResult> RefreshAsync(ResourceGraph graph, CancellationToken cancellationToken = default) =>
        Operations.RefreshAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, Store, Registry(), Owner, Options, cancellationToken);

    public async Task<StackSnapshot> StateAsync() => await Store.LoadAsync("dev", CancellationToken.None) ?? StackSnapshot.Empty;

    /// <summary>The URNs of the custom resources in the cloud, sorted (duplicates kept).</summary>
    public async Task<IReadOnlyList<string>> CloudUrnsAsync() =>
        (await Cloud.ListAsync(CancellationToken.None)).Select(r => r.Urn.Value).Order(StringComparer.Ordinal).ToList();
}
