using Infra.GitOps.Loading;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>Loads, validates and translates a repository at one commit: the seam over the core's <c>RepositoryCompiler</c>.</summary>
public interface IRepositoryCompiler
{
    /// <summary>
    /// Compiles every stack of <paramref name="tree"/>. Problems in the user's files are diagnostics: a null value
    /// when the repository as a whole is unusable (no project file), else per-stack diagnostics in
    /// <see cref="CompiledStack.Diagnostics"/>.
    /// </summary>
    Task<LoadResult<CompiledRepository>> CompileAsync(ISourceTree tree, CancellationToken cancellationToken);
}
