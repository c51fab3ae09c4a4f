using System.Collections.Immutable;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler.Audit;

/// <summary>
/// One line of a stack's audit trail (<c>&lt;state dir&gt;/.infra-gitops/audit/&lt;stack&gt;.jsonl</c>): one finished
/// run, or a source problem that stalled it. Entries are only appended, never rewritten.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>When the run finished.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The stack.</summary>
    public required string Stack { get; init; }

    /// <summary>The commit acted on, or null when the source could not be read.</summary>
    public CommitSummary? Commit { get; init; }

    /// <summary>Why the run happened; null for a source problem seen by a poll (nothing ran).</summary>
    public ReconcileTrigger? Trigger { get; init; }

    /// <summary>The planned changes, when a preview ran.</summary>
    public ChangeCounts? Changes { get; init; }

    /// <summary>Each step and its outcome, in order.</summary>
    public ImmutableArray<AuditStep> Steps { get; init; } = ImmutableArray<AuditStep>.Empty;

    /// <summary>The run's result.</summary>
    public required ReconcileResult Result { get; init; }

    /// <summary>One of <see cref="Reasons"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>A human-readable summary; never a secret.</summary>
    public string? Message { get; init; }

    /// <summary>Commits between the last applied commit and the head that were never applied on their own (newest first).</summary>
    public ImmutableArray<CommitSummary> SkippedCommits { get; init; } = ImmutableArray<CommitSummary>.Empty;

    /// <summary>A force-push seen by this run, or null.</summary>
    public HistoryRewrite? Rewrite { get; init; }

    /// <summary>Diagnostics, compiler style.</summary>
    public ImmutableArray<string> Diagnostics { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>The whole run's duration in milliseconds.</summary>
    public long DurationMs { get; init; }
}
