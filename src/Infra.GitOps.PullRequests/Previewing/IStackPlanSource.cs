using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.State;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Has the engine plan one stack for a preview. Implementations only plan (read-only provider calls): they never
/// apply, lock or write state. Safe to call for several stacks at once.
/// <see cref="OfflineStackPlanSource"/> needs no provider and no credentials; <see cref="ProviderStackPlanSource"/>
/// asks the real providers' Check and Diff.
/// </summary>
public interface IStackPlanSource
{
    /// <summary>
    /// Plans <paramref name="graph"/> against <paramref name="state"/> (null for a stack never deployed).
    /// Operational failures throw a <see cref="GitOpsException"/>; problems of the user's input are the plan's
    /// diagnostics.
    /// </summary>
    Task<Plan> PlanAsync(ResourceGraph graph, StackSnapshot? state, CancellationToken cancellationToken);
}
