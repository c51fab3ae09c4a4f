using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>Read a resource's actual state. <see cref="Id"/> is null when only the URN is known (a create
/// interrupted before it returned): the provider then looks the resource up by its URN tag.</summary>
public sealed record ReadRequest(Urn Urn, ResourceType Type, string? Id, ObjectValue? Inputs, ObjectValue? Outputs);
