namespace Infra.GitOps.Reconciler.Status;

/// <summary>
/// A rollback in force: the stack stays at <paramref name="Revision"/> while the tracked branch is still at
/// <paramref name="BranchHead"/>; the next commit on the branch releases it (a revert commit is the lasting fix).
/// </summary>
/// <param name="Revision">The commit rolled back to.</param>
/// <param name="BranchHead">The branch head when the rollback was applied.</param>
public sealed record RollbackHold(string Revision, string BranchHead);
