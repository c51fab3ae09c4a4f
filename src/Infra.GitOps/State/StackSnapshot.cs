using System.Collections.Immutable;

namespace Infra.GitOps.State;

/// <summary>
/// A stack's recorded state: Pulumi's DeploymentV3. Invariant (Pulumi's <c>VerifyIntegrity</c>): resources in
/// topological order (parent and dependencies first); a URN appears twice only when one copy has
/// <see cref="ResourceState.Delete"/> set.
/// </summary>
/// <param name="Resources">The resources in topological order.</param>
/// <param name="PendingOperations">Operations begun but never recorded as finished (a crash).</param>
/// <param name="Time">When the snapshot was written.</param>
public sealed record StackSnapshot(
    ImmutableArray<ResourceState> Resources,
    ImmutableArray<PendingOperation> PendingOperations,
    DateTimeOffset Time)
{
    /// <summary>An empty stack.</summary>
    public static StackSnapshot Empty { get; } =
        new(ImmutableArray<ResourceState>.Empty, ImmutableArray<PendingOperation>.Empty, DateTimeOffset.UnixEpoch);
}
