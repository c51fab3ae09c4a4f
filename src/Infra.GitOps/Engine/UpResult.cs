using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine;

/// <summary>The outcome of up, destroy or refresh: the plan, how applying it went, and the state recorded after.</summary>
/// <param name="Plan">The plan (its diagnostics say why nothing was applied when it has errors).</param>
/// <param name="Apply">The step results, or null when the plan had errors and nothing was applied.</param>
/// <param name="Snapshot">The stack's state after the operation.</param>
public sealed record UpResult(Plan Plan, ApplyResult? Apply, StackSnapshot Snapshot)
{
    /// <summary>True when the plan had no errors and every step succeeded.</summary>
    public bool Succeeded => Apply is { Succeeded: true };
}
