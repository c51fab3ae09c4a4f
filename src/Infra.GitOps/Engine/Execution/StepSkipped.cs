using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Engine.Execution;

/// <summary>The step never started: a step it depends on failed or was skipped, or the operation was cancelled.</summary>
public sealed record StepSkipped(PlannedStep Step, string Reason) : StepResult(Step);
