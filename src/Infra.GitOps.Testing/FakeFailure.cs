namespace Infra.GitOps.Testing;

/// <summary>
/// Makes a <see cref="FakeProvider"/> throw <see cref="Providers.ProviderException"/> on the
/// <paramref name="OnCall"/>-th call (1-based, counted per resource type and operation) and the
/// <paramref name="Times"/> - 1 calls after it.
/// </summary>
/// <param name="Operation">The operation that fails.</param>
/// <param name="OnCall">The first failing call, 1-based.</param>
/// <param name="Transient">True: the engine should retry (throttling); false: a permanent error.</param>
/// <param name="Times">How many consecutive calls fail.</param>
public sealed record FakeFailure(FakeOperation Operation, int OnCall, bool Transient, int Times = 1)
{
    /// <summary>True when the <paramref name="call"/>-th call fails.</summary>
    public bool Fails(FakeOperation operation, int call) => operation == Operation && call >= OnCall && call < OnCall + Times;
}
