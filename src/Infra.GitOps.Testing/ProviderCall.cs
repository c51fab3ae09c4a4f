using Infra.GitOps.Model;

namespace Infra.GitOps.Testing;

/// <summary>One call a <see cref="FakeProvider"/> received (for assertions), in arrival order.</summary>
/// <param name="Operation">The method.</param>
/// <param name="Urn">The resource, or the default URN for <see cref="FakeOperation.Configure"/>.</param>
/// <param name="Id">The id passed, if any.</param>
/// <param name="Inputs">The (new) inputs passed, if any.</param>
/// <param name="At">When it arrived, by the provider's clock.</param>
public sealed record ProviderCall(FakeOperation Operation, Urn Urn, string? Id, ObjectValue? Inputs, DateTimeOffset At);
