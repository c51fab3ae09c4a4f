using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>A stack and the documents its sources matched, in path then document order.</summary>
public sealed record LoadedStack(StackDefinition Definition, ImmutableArray<ResourceDocument> Documents);
