using System.Collections.Immutable;
using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler;

/// <summary>How one run under the lock ended, before it is recorded.</summary>
internal sealed record RunResult(ReconcileResult Result, string Reason, string Message)
{
    public CommitSummary? Commit { get; init; }

    public ReconcileTrigger Trigger { get; init; }

    public ChangeCounts? Changes { get; init; }

    public ImmutableArray<string> Diagnostics { get; init; } = ImmutableArray<string>.Empty;

    public ImmutableArray<CommitSummary> Skipped { get; init; } = ImmutableArray<CommitSummary>.Empty;

    public HistoryRewrite? Rewrite { get; init; }

    /// <summary>True when an <c>up</c> succeeded (the commit is now the last applied one).</summary>
    public bool Applied { get; init; }

    /// <summary>For drift checks: whether drift was found; null when no drift check ran.</summary>
    public bool? Drifted { get; init; }

    public ImmutableSortedDictionary<string, string>? Outputs { get; init; }
}
