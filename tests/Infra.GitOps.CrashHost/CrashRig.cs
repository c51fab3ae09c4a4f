using System.Collections.Immutable;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.State;
using Infra.GitOps.Testing;

namespace Infra.GitOps.CrashHost;

/// <summary>The crash test's rig: a fake provider over the file-backed cloud and the file state store.</summary>
public sealed class CrashRig
{
    /// <summary>Creates the rig over <paramref name="cloudDirectory"/> and <paramref name="stateDirectory"/>;
    /// every provider call takes <paramref name="latency"/>.</summary>
    public CrashRig(string cloudDirectory, string stateDirectory, TimeSpan latency)
    {
        Cloud = FakeCloud.InDirectory(cloudDirectory);
        Provider = new FakeProvider("fake", Cloud);
        Provider.DefaultBehavior = FakeResourceBehavior.Default with { Latency = latency, ReplaceKeys = ["zone"], ComputedOutputs = ["ipAddress"] };
        Provider.Configure(CrashGraph.DbrType, Provider.DefaultBehavior with { DeleteBeforeReplace = true });
        var full = Path.GetFullPath(stateDirectory);
        Store = new FileStateStore("file://" + full, full, CrashGraph.Project, null, TimeProvider.System);
    }

    /// <summary>The cloud.</summary>
    public FakeCloud Cloud { get; }

    /// <summary>The provider.</summary>
    public FakeProvider Provider { get; }

    /// <summary>The state store.</summary>
    public FileStateStore Store { get; }

    /// <summary>Runs up of <paramref name="variant"/>.</summary>
    public Task<UpResult> UpAsync(int variant, CancellationToken cancellationToken) =>
        new StackOperations(TimeProvider.System).UpAsync(
            CrashGraph.Build(variant),
            Store,
            new ProviderRegistry(Provider),
            new LockOwner("crash", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UnixEpoch),
            StackOperationOptions.Default with { Apply = ApplyOptions.Default with { Parallelism = 8, RetryBaseDelay = TimeSpan.FromMilliseconds(10) } },
            cancellationToken);

    /// <summary>Every difference between the desired graph of <paramref name="variant"/>, the state, and the cloud;
    /// empty when they agree (no duplicate, no orphan, state ids and inputs match the cloud).</summary>
    public async Task<ImmutableArray<string>> DifferencesAsync(int variant, CancellationToken cancellationToken)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var desired = CrashGraph.Build(variant).Resources.Where(r => r.Custom).Select(r => r.Urn).ToHashSet();
        var cloud = await Cloud.ListAsync(cancellationToken).ConfigureAwait(false);
        var state = await Store.LoadAsync(CrashGraph.Stack, cancellationToken).ConfigureAwait(false) ?? StackSnapshot.Empty;
        foreach (var group in cloud.GroupBy(r => r.Urn))
        {
            if (group.Count() > 1)
            {
                problems.Add($"duplicate in cloud: {group.Key} x{group.Count()}");
            }

            if (!desired.Contains(group.Key))
            {
                problems.Add($"orphan in cloud: {group.Key}");
            }
        }

        foreach (var urn in desired.Where(u => cloud.All(r => r.Urn != u)))
        {
            problems.Add($"missing in cloud: {urn}");
        }

        if (!state.PendingOperations.IsEmpty)
        {
            problems.Add($"pending operations left: {state.PendingOperations.Length}");
        }

        var custom = state.Resources.Where(r => r.Custom).ToList();
        foreach (var resource in custom)
        {
            var actual = cloud.FirstOrDefault(r => r.Id == resource.Id);
            if (resource.Delete || actual is null)
            {
                problems.Add($"state resource without cloud resource: {resource.Urn} {resource.Id} delete={resource.Delete}");
            }
            else if (!actual.Inputs.Equals(resource.Inputs))
            {
                problems.Add($"state inputs differ from cloud: {resource.Urn}");
            }
        }

        if (custom.Count != cloud.Count)
        {
            problems.Add($"state has {custom.Count} custom resources, cloud {cloud.Count}");
        }

        return problems.ToImmutable();
    }
}
