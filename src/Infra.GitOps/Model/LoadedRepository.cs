using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>An infra repository as loaded from a working directory or a commit.</summary>
/// <param name="Project">The project file.</param>
/// <param name="Stacks">The stacks, ordered by name.</param>
/// <param name="Revision">The commit it was read from, or null for a working directory.</param>
public sealed record LoadedRepository(InfraProject Project, ImmutableArray<LoadedStack> Stacks, string? Revision);
