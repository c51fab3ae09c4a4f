using Infra.GitOps.Loading;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.State;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Plans one valid stack for a preview and returns it as the preview shows it. Implementations only plan
/// (read-only provider calls); they never apply, lock or write state. Safe to call for several stacks at once.
/// </summary>
public interface IStackPlanSource
{
    /// <summary>
    /// Plans <paramref name="stack"/> (whose <see cref="CompiledStack.Graph"/> is not null) against
    /// <paramref name="state"/> (null for a stack never deployed). Operational failures throw a
    /// <see cref="GitOpsException"/>; problems of the user's input are diagnostics of the result.
    /// </summary>
    Task<StackPreview> PlanAsync(CompiledStack stack, StackSnapshot? state, CancellationToken cancellationToken);
}
