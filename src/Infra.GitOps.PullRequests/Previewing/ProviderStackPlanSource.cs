using System.Collections.Immutable;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Plans with the real providers (their Check and Diff, which may need the provider's endpoint and credentials):
/// exact replacements and provider defaults. A registry is configured per stack (providers are configured for
/// one project and stack), so <c>registryForStack</c> must return a new registry on every call; the caller owns
/// (and disposes) the providers in it. A package the registry does not serve is planned offline, as
/// <see cref="OfflineStackPlanSource"/> does.
/// <para>
/// With <c>refresh</c>, every recorded resource of a served package is first read from its provider (in
/// parallel) and the plan is made against what exists, as <c>pulumi preview --refresh</c>: a resource deleted
/// out of band shows as a create, one changed out of band as an update. The refreshed state lives in memory
/// only: nothing is locked or written. A provider error (unreachable endpoint, refused credentials) throws its
/// <see cref="ProviderException"/>, which the previewer reports as that stack's failure.
/// </para>
/// </summary>
public sealed class ProviderStackPlanSource : IStackPlanSource
{
    private readonly Func<string, ProviderRegistry> registryForStack;
    private readonly TimeProvider timeProvider;
    private readonly bool refresh;

    /// <summary>Creates the source.</summary>
    /// <param name="registryForStack">Makes a fresh, unconfigured provider registry for a stack.</param>
    /// <param name="timeProvider">The clock for planning durations.</param>
    /// <param name="refresh">Read every recorded resource from its provider before planning.</param>
    public ProviderStackPlanSource(Func<string, ProviderRegistry> registryForStack, TimeProvider timeProvider, bool refresh = false)
    {
        ArgumentNullException.ThrowIfNull(registryForStack);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.registryForStack = registryForStack;
        this.timeProvider = timeProvider;
        this.refresh = refresh;
    }

    /// <inheritdoc />
    public async Task<Plan> PlanAsync(ResourceGraph graph, StackSnapshot? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var real = registryForStack(graph.Stack);
        var packages = graph.Resources.Where(r => r.Custom).Select(r => r.Type.Package)
            .Concat((state?.Resources ?? []).Where(r => r.Custom).Select(r => r.Type.Package))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var providers = real.Packages.Select(p => real.Find(p)!) // Packages lists only registered packages
            .Concat(packages.Where(p => real.Find(p) is null).Select(p => (IResourceProvider)new OfflinePlanningProvider(p)));
        var registry = new ProviderRegistry(providers);
        await registry.ConfigureAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, packages, cancellationToken).ConfigureAwait(false);
        if (refresh && state is not null)
        {
            state = await RefreshAsync(state, real, cancellationToken).ConfigureAwait(false);
        }

        return await new Planner(registry, timeProvider).PlanAsync(graph, state, PlanOptions.Default, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StackSnapshot> RefreshAsync(StackSnapshot state, ProviderRegistry real, CancellationToken cancellationToken)
    {
        var read = new ResourceState?[state.Resources.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, state.Resources.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 4 * Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var old = state.Resources[i];

                // Components, resources without an id, and packages planned offline keep their recorded state.
                if (!old.Custom || old.Id is null || real.Find(old.Type.Package) is not { } provider)
                {
                    read[i] = old;
                    return;
                }

                var found = await provider.ReadAsync(new ReadRequest(old.Urn, old.Type, old.Id, old.Inputs, old.Outputs), token).ConfigureAwait(false);
                read[i] = found switch
                {
                    ResourceFound actual => old with { Id = actual.Id, Inputs = actual.Inputs, Outputs = actual.Outputs },
                    _ => null,
                };
            }).ConfigureAwait(false);
        return state with { Resources = read.OfType<ResourceState>().ToImmutableArray() };
    }
}
