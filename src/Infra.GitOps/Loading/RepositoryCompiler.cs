using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// Loads a repository from a source tree and translates each selected stack into its resource graph: the one
/// path from YAML at a commit to graphs, shared by the CLI, the reconciler and pull-request previews.
/// <para>
/// Contract: never throws for bad input. A problem that concerns the whole repository (the project file, a
/// missing stack) fails the whole result; a problem in one stack's files fails only that stack
/// (<see cref="CompiledStack.Graph"/> null, its diagnostics attached), so one broken stack never blocks the
/// others. A diagnostic in a file that several stacks read is attached to each of them.
/// </para>
/// </summary>
public static class RepositoryCompiler
{
    /// <summary>Compiles the repository in <paramref name="tree"/>.</summary>
    public static async Task<LoadResult<CompiledRepository>> CompileAsync(ISourceTree tree, CompileOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        var loaded = await new RepositoryLoader()
            .LoadAsync(tree, new RepositoryLoadOptions { StackName = options.StackName }, cancellationToken)
            .ConfigureAwait(false);
        if (loaded.Value is not { } repository)
        {
            return LoadResult<CompiledRepository>.Failure(loaded.Diagnostics);
        }

        var matchers = repository.Stacks.Select(s => StackPathMatcher.Create(s.Definition)).ToList();
        var global = new List<Diagnostic>();
        var perStack = repository.Stacks.Select(_ => new List<Diagnostic>()).ToList();
        foreach (var diagnostic in loaded.Diagnostics)
        {
            var attributed = false;
            for (var i = 0; i < matchers.Count; i++)
            {
                if (diagnostic.Location.Path != RepositoryLoader.ProjectFileName && matchers[i].Affects(diagnostic.Location.Path))
                {
                    perStack[i].Add(diagnostic);
                    attributed = true;
                }
            }

            if (!attributed)
            {
                global.Add(diagnostic);
            }
        }

        if (global.Any(d => d.Severity == Severity.Error))
        {
            return LoadResult<CompiledRepository>.Failure(loaded.Diagnostics);
        }

        // Stacks translate independently (each graph is a pure function of its documents): build them side by side,
        // each into its own slot, so the result is the same as one after another.
        var stacks = new CompiledStack[repository.Stacks.Length];
        await Task.WhenAll(Enumerable.Range(0, repository.Stacks.Length).Select(i => Task.Run(
            async () => stacks[i] = await CompileStackAsync(repository, repository.Stacks[i], perStack[i], options, cancellationToken).ConfigureAwait(false),
            cancellationToken))).ConfigureAwait(false);

        var compiled = new CompiledRepository(repository.Project, repository.Revision, [.. stacks]);
        return new LoadResult<CompiledRepository>(compiled, [.. global.Order()]);
    }

    private static async Task<CompiledStack> CompileStackAsync(
        LoadedRepository repository, LoadedStack stack, List<Diagnostic> diagnostics, CompileOptions options, CancellationToken cancellationToken)
    {
        ResourceGraph? graph = null;
        if (!diagnostics.Any(d => d.Severity == Severity.Error))
        {
            var graphOptions = await GraphOptionsForAsync(repository.Project, stack.Definition, options, cancellationToken).ConfigureAwait(false);
            var built = GraphBuilder.Build(repository.Project, stack, graphOptions);
            diagnostics.AddRange(built.Diagnostics);
            graph = built.HasErrors ? null : built.Value;
        }

        diagnostics.Sort();
        return new CompiledStack(stack.Definition.Name, stack, graph, [.. diagnostics]);
    }

    private static async Task<GraphBuildOptions> GraphOptionsForAsync(
        InfraProject project, StackDefinition stack, CompileOptions options, CancellationToken cancellationToken)
    {
        if (options.StackSecrets is not { } open
            || options.Graph.SecretDecrypter is not null
            || !stack.Secrets.Values.Any(s => s is EncryptedSecretSource))
        {
            return options.Graph;
        }

        var decrypter = await open(project, stack.Name, cancellationToken).ConfigureAwait(false);
        return options.Graph with { SecretDecrypter = decrypter };
    }
}
