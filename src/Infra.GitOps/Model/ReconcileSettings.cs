using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>The <c>spec.reconcile</c> block of a stack file: how the reconciler treats the stack.</summary>
public sealed record ReconcileSettings
{
    /// <summary>Nothing set.</summary>
    public static ReconcileSettings Default { get; } = new();

    /// <summary>When true the reconciler leaves the stack alone.</summary>
    public bool Suspend { get; init; }

    /// <summary>Refuse a run that would delete more than this many resources, unless overridden.</summary>
    public int? MaxDeletes { get; init; }

    /// <summary>Refresh before each preview.</summary>
    public bool Refresh { get; init; }

    /// <summary>Cron expression for drift detection, or null for none.</summary>
    public string? DriftSchedule { get; init; }

    /// <summary>Correct drift found by the schedule with <c>up</c>.</summary>
    public bool DriftRemediation { get; init; }

    /// <summary>A pinned commit or tag that replaces the tracked branch, or null.</summary>
    public string? Revision { get; init; }

    /// <summary>
    /// Preview each new revision (and refresh for drift checks) but never apply it, as the Pulumi Kubernetes Operator's
    /// <c>spec.preview</c>: the plan is recorded in the status and the audit trail.
    /// </summary>
    public bool PreviewOnly { get; init; }

    /// <summary>
    /// The stacks (by name) that must be Ready before this one runs, as Flux's and the Pulumi operator's
    /// <c>dependsOn</c>: a pass runs them first and this one as soon as they are done. Empty for none.
    /// </summary>
    public ImmutableArray<string> DependsOn
    {
        get;
        init => field = value.IsDefault ? ImmutableArray<string>.Empty : value;
    } = ImmutableArray<string>.Empty;

    /// <inheritdoc />
    public bool Equals(ReconcileSettings? other) =>
        other is not null
        && Suspend == other.Suspend
        && MaxDeletes == other.MaxDeletes
        && Refresh == other.Refresh
        && DriftSchedule == other.DriftSchedule
        && DriftRemediation == other.DriftRemediation
        && Revision == other.Revision
        && PreviewOnly == other.PreviewOnly
        && DependsOn.SequenceEqual(other.DependsOn, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Suspend, MaxDeletes, Refresh, DriftSchedule, DriftRemediation, Revision, PreviewOnly, DependsOn.Length);
}
