using Infra.GitOps.Model;

namespace Infra.GitOps.State;

/// <summary>
/// Identifies one step in a journal: the resource's URN and <see cref="ResourceState.Delete"/> flag (a URN appears
/// at most twice, once with the flag) and what the step does. A step's begin and end carry the same key.
/// </summary>
/// <param name="Urn">The resource's URN.</param>
/// <param name="Delete">The resource's <see cref="ResourceState.Delete"/> flag.</param>
/// <param name="Type">What the step does.</param>
public readonly record struct StepKey(Urn Urn, bool Delete, PendingOperationType Type)
{
    /// <summary>The key of <paramref name="operation"/>.</summary>
    public static StepKey Of(PendingOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new StepKey(operation.Resource.Urn, operation.Resource.Delete, operation.Type);
    }
}
