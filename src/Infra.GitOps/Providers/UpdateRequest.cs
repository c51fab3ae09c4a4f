using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>Update a resource in place from its recorded state to fully resolved new inputs.</summary>
public sealed record UpdateRequest(
    Urn Urn,
    ResourceType Type,
    string Id,
    ObjectValue OldInputs,
    ObjectValue OldOutputs,
    ObjectValue NewInputs,
    ImmutableArray<string> IgnoreChanges,
    TimeSpan Timeout);
