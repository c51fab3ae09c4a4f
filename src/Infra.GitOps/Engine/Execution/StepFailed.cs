using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Engine.Execution;

/// <summary>The step failed (after its retries); its dependents are skipped, independent steps go on.
/// <paramref name="Error"/> is usually a <see cref="Providers.ProviderException"/>; its message never holds a secret
/// the engine put there.</summary>
public sealed record StepFailed(PlannedStep Step, Exception Error, int Attempts) : StepResult(Step);
