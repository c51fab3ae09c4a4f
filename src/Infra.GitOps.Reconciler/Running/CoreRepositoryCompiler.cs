using Infra.GitOps.Loading;

namespace Infra.GitOps.Reconciler.Running;

/// <summary><see cref="IRepositoryCompiler"/> over the core's <see cref="RepositoryCompiler"/>.</summary>
public sealed class CoreRepositoryCompiler : IRepositoryCompiler
{
    private readonly CompileOptions options;

    /// <summary>Compiles every stack with <paramref name="options"/> (default: <see cref="CompileOptions.Default"/>).</summary>
    public CoreRepositoryCompiler(CompileOptions? options = null)
    {
        this.options = (options ?? CompileOptions.Default) with { StackName = null };
    }

    /// <inheritdoc />
    public Task<LoadResult<CompiledRepository>> CompileAsync(ISourceTree tree, CancellationToken cancellationToken) =>
        RepositoryCompiler.CompileAsync(tree, options, cancellationToken);
}
