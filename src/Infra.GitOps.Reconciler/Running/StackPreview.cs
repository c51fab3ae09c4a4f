using System.Collections.Immutable;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>What a preview found.</summary>
/// <param name="Changes">The planned steps by kind.</param>
/// <param name="Deletes">The URNs the plan deletes (for the <c>maxDeletes</c> guard and the audit trail).</param>
/// <param name="Plan">The runner's own plan, handed back to <see cref="IStackRunner.UpAsync"/> so that what was previewed is what runs; opaque to the reconciler.</param>
public sealed record StackPreview(ChangeCounts Changes, ImmutableArray<string> Deletes, object? Plan);
