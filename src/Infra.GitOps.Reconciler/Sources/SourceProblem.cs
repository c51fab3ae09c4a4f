namespace Infra.GitOps.Reconciler.Sources;

/// <summary>Why the source could not be read, as the status shows it.</summary>
/// <param name="Reason">One of <see cref="Status.Reasons"/>: <c>SourceUnavailable</c>, <c>BranchNotFound</c>, <c>RevisionNotFound</c>.</param>
/// <param name="Message">What happened, without credentials.</param>
public sealed record SourceProblem(string Reason, string Message);
