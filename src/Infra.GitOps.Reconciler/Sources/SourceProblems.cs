using Infra.GitOps.Git;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler.Sources;

/// <summary>Recognises the Git layer's failures to read the source.</summary>
internal static class SourceProblems
{
    /// <summary>The problem <paramref name="exception"/> describes, or null when it is not a source failure.</summary>
    public static SourceProblem? Classify(Exception exception) => exception switch
    {
        SourceUnavailableException { Reason: SourceUnavailableReason.BranchNotFound } e => new SourceProblem(Reasons.BranchNotFound, e.Message),
        SourceUnavailableException { Reason: SourceUnavailableReason.RevisionNotFound } e => new SourceProblem(Reasons.RevisionNotFound, e.Message),
        SourceUnavailableException e => new SourceProblem(Reasons.SourceUnavailable, e.Message),
        _ => null,
    };
}
