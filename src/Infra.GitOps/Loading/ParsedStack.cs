using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>A stack document read from a stack file, with its compiled source globs (invalid ones already
/// reported and left out).</summary>
internal sealed record ParsedStack(StackDefinition Definition, ImmutableArray<(GlobPattern Glob, SourceLocation Location)> Globs);
