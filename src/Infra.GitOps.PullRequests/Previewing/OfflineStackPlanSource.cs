using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.State;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Plans with no provider at all: every package of the graph (and of the state) is served by a stand-in whose
/// Check accepts the inputs and whose Diff lets the engine compare recorded and desired inputs structurally. Reads
/// only the recorded state: no credentials, no network, safe for pull requests from forks. The price: a
/// replacement that only a provider would decide (not <c>replaceOnChanges</c>) shows as an update, and provider
/// defaults added by Check do not appear.
/// </summary>
public sealed class OfflineStackPlanSource : IStackPlanSource
{
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the source; planning durations come from <paramref name="timeProvider"/>.</summary>
    public OfflineStackPlanSource(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public Task<Plan> PlanAsync(ResourceGraph graph, StackSnapshot? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var packages = graph.Resources.Where(r => r.Custom).Select(r => r.Type.Package)
            .Concat((state?.Resources ?? []).Where(r => r.Custom).Select(r => r.Type.Package))
            .Distinct(StringComparer.Ordinal)
            .Select(p => new OfflinePlanningProvider(p));
        var planner = new Planner(new ProviderRegistry(packages), timeProvider);
        return planner.PlanAsync(graph, state, PlanOptions.Default, cancellationToken);
    }
}
