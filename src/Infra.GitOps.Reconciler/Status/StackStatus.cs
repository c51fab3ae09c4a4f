using System.Collections.Immutable;

namespace Infra.GitOps.Reconciler.Status;

/// <summary>
/// What the reconciler knows about one stack, stored beside its state
/// (<c>&lt;state dir&gt;/.infra-gitops/status/&lt;stack&gt;.json</c>). Revisions are kept apart, as in Flux:
/// <see cref="LastAttemptedRevision"/> moves at every finished run, <see cref="LastAppliedRevision"/> only when
/// an <c>up</c> succeeded, <see cref="ObservedGeneration"/> catches up with <see cref="Generation"/> when a run
/// for the newest desired revision finished (whatever its result).
/// </summary>
public sealed record StackStatus
{
    /// <summary>The stack's name.</summary>
    public required string Stack { get; init; }

    /// <summary>The commit of the last finished run, applied or not.</summary>
    public string? LastAttemptedRevision { get; init; }

    /// <summary>The commit whose <c>up</c> last succeeded.</summary>
    public string? LastAppliedRevision { get; init; }

    /// <summary>Bumped each time the reconciler sees a new desired revision for the stack.</summary>
    public long Generation { get; init; }

    /// <summary>The <see cref="Generation"/> the last finished run acted on.</summary>
    public long ObservedGeneration { get; init; }

    /// <summary>The revision <see cref="Generation"/> belongs to.</summary>
    public string? DesiredRevision { get; init; }

    /// <summary>The last run's result.</summary>
    public ReconcileResult Result { get; init; }

    /// <summary>The last run's reason, one of <see cref="Reasons"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>The last run's message; never a secret.</summary>
    public string? Message { get; init; }

    /// <summary>Consecutive failures of the same revision (0 after a success or a new revision).</summary>
    public int Failures { get; init; }

    /// <summary>When the last run finished.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When the last successful <c>up</c> finished.</summary>
    public DateTimeOffset? LastAppliedAt { get; init; }

    /// <summary>For <see cref="ReconcileResult.Failed"/> and <see cref="ReconcileResult.Waiting"/>: the earliest retry.</summary>
    public DateTimeOffset? NextRetryAt { get; init; }

    /// <summary>When the last drift check finished.</summary>
    public DateTimeOffset? LastDriftCheckAt { get; init; }

    /// <summary>The id of the last manual or rollback request handled.</summary>
    public string? LastHandledRequest { get; init; }

    /// <summary>A rollback in force, or null.</summary>
    public RollbackHold? Rollback { get; init; }

    /// <summary>The conditions, one per type of <see cref="ConditionTypes"/> that has been set.</summary>
    public ImmutableArray<StackCondition> Conditions { get; init; } = ImmutableArray<StackCondition>.Empty;

    /// <summary>The last run's diagnostics, compiler style (<c>path:line:col: error CODE: message</c>).</summary>
    public ImmutableArray<string> Diagnostics { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>The stack's outputs after the last apply (<c>resource.output</c> to a display string); secrets are <c>[secret]</c>.</summary>
    public ImmutableSortedDictionary<string, string> Outputs { get; init; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>How long the last run's steps took.</summary>
    public RunDurations Durations { get; init; } = RunDurations.Zero;

    /// <summary>The condition of <paramref name="type"/>, or null when never set.</summary>
    public StackCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>True when the condition of <paramref name="type"/> is set and true.</summary>
    public bool Is(string type) => Condition(type)?.Status == true;

    /// <summary>
    /// A copy with the condition set; <see cref="StackCondition.LastTransitionTime"/> only moves when the status
    /// flips, as Kubernetes does.
    /// </summary>
    public StackStatus WithCondition(string type, bool status, string reason, string message, DateTimeOffset now)
    {
        var existing = Condition(type);
        var transition = existing is not null && existing.Status == status ? existing.LastTransitionTime : now;
        var condition = new StackCondition(type, status, reason, message, transition);
        var others = Conditions.Where(c => c.Type != type);
        return this with { Conditions = others.Append(condition).OrderBy(c => c.Type, StringComparer.Ordinal).ToImmutableArray() };
    }
}
