using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>Inputs to validate. <see cref="OldInputs"/> is the recorded inputs, or null for a new resource.
/// <see cref="NewInputs"/> may contain <see cref="UnknownValue"/>s during preview.</summary>
public sealed record CheckRequest(Urn Urn, ResourceType Type, ObjectValue? OldInputs, ObjectValue NewInputs);
