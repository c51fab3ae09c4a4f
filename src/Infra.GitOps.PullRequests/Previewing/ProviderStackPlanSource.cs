using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.State;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Plans with the real providers (their Check and Diff, which may need the provider's endpoint and credentials):
/// exact replacements and provider defaults. A registry is configured per stack (providers are configured for
/// one project and stack), so <paramref name="registryForStack"/> must return a new registry on every call.
/// </summary>
/// <param name="registryForStack">Makes a fresh, unconfigured provider registry for a stack.</param>
/// <param name="timeProvider">The clock for planning durations.</param>
public sealed class ProviderStackPlanSource(Func<string, ProviderRegistry> registryForStack, TimeProvider timeProvider) : IStackPlanSource
{
    /// <inheritdoc />
    public async Task<Plan> PlanAsync(ResourceGraph graph, StackSnapshot? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var registry = registryForStack(graph.Stack);
        var packages = graph.Resources.Where(r => r.Custom).Select(r => r.Type.Package)
            .Concat((state?.Resources ?? []).Where(r => r.Custom).Select(r => r.Type.Package));
        await registry.ConfigureAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, packages, cancellationToken).ConfigureAwait(false);
        return await new Planner(registry, timeProvider).PlanAsync(graph, state, PlanOptions.Default, cancellationToken).ConfigureAwait(false);
    }
}
