using Infra.GitOps.Engine.Planning;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Execution;

/// <summary>The step ran; <paramref name="NewState"/> is the resource as recorded now (null after a delete or
/// for the logical replace step); <paramref name="Attempts"/> counts provider attempts (0 when none was needed).</summary>
public sealed record StepSucceeded(PlannedStep Step, ResourceState? NewState, int Attempts) : StepResult(Step);
