using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>What to compare: the recorded state and the new checked inputs.</summary>
public sealed record DiffRequest(
    Urn Urn,
    ResourceType Type,
    string Id,
    ObjectValue OldInputs,
    ObjectValue OldOutputs,
    ObjectValue NewInputs,
    ImmutableArray<string> IgnoreChanges);
