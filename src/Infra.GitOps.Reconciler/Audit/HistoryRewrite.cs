namespace Infra.GitOps.Reconciler.Audit;

/// <summary>A force-push: the new head does not descend from the last applied commit.</summary>
/// <param name="PreviousRevision">The last applied commit, no longer on the branch's history.</param>
/// <param name="NewRevision">The new head that was reconciled.</param>
public sealed record HistoryRewrite(string PreviousRevision, string NewRevision);
