namespace Infra.GitOps.State;

/// <summary>An operation that was started against a provider and whose end was never recorded.</summary>
public sealed record PendingOperation(ResourceState Resource, PendingOperationType Type);
