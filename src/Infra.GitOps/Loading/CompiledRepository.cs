using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>A repository at one revision with each selected stack compiled to a graph.</summary>
/// <param name="Project">The project file.</param>
/// <param name="Revision">The commit, or null for a working directory.</param>
/// <param name="Stacks">The stacks, ordered by name.</param>
public sealed record CompiledRepository(InfraProject Project, string? Revision, ImmutableArray<CompiledStack> Stacks);
