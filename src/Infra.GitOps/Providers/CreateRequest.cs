using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>Create a resource from fully resolved inputs (no unknowns or references remain).</summary>
public sealed record CreateRequest(Urn Urn, ResourceType Type, ObjectValue Inputs, TimeSpan Timeout);
