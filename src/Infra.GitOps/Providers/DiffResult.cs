using System.Collections.Immutable;

namespace Infra.GitOps.Providers;

/// <summary>
/// A provider's diff (Pulumi's <c>DiffResponse</c>): whether anything changed, which changed properties force a
/// replacement, which are stable, whether the old resource must go before the new one is created, and a
/// detailed diff keyed by property path.
/// </summary>
public sealed record DiffResult(
    DiffChanges Changes,
    ImmutableArray<string> ReplaceKeys,
    ImmutableArray<string> StableKeys,
    bool DeleteBeforeReplace,
    ImmutableSortedDictionary<string, PropertyDiffKind> DetailedDiff)
{
    /// <summary>No changes.</summary>
    public static DiffResult NoChanges { get; } = new(
        DiffChanges.None,
        ImmutableArray<string>.Empty,
        ImmutableArray<string>.Empty,
        false,
        ImmutableSortedDictionary.Create<string, PropertyDiffKind>(StringComparer.Ordinal));

    /// <summary>The provider cannot tell; the engine diffs the inputs itself.</summary>
    public static DiffResult Unknown { get; } = NoChanges with { Changes = DiffChanges.Unknown };
}
