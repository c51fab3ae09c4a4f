using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>Delete a resource with its recorded state.</summary>
public sealed record DeleteRequest(Urn Urn, ResourceType Type, string Id, ObjectValue Inputs, ObjectValue Outputs, TimeSpan Timeout);
