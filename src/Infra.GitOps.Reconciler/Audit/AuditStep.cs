namespace Infra.GitOps.Reconciler.Audit;

/// <summary>One step of a run: <c>load</c>, <c>refresh</c>, <c>preview</c>, <c>guards</c>, <c>up</c>.</summary>
/// <param name="Name">The step.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">A one-line summary (counts, the failure's message); never a secret.</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record AuditStep(string Name, AuditStepOutcome Outcome, string? Detail, long ElapsedMs);
