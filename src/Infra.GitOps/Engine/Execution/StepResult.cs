using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Engine.Execution;

/// <summary>The outcome of one step: closed hierarchy <see cref="StepSucceeded"/>, <see cref="StepFailed"/>,
/// <see cref="StepSkipped"/>; consume it with a switch expression.</summary>
/// <param name="Step">The step.</param>
public abstract record StepResult(PlannedStep Step);
