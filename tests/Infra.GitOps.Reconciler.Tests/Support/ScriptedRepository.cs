using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>
/// An in-memory commit history standing in for Git and the compiler in unit tests of the loop (the integration
/// tests use real repositories): each commit has a parent and the stacks it compiles to.
/// </summary>
public sealed class ScriptedRepository : IRevisionSource, IRepositoryCompiler
{
    private readonly Dictionary<string, (string? Parent, string Message, ImmutableArray<CompiledStack> Stacks)> commits = new(StringComparer.Ordinal);
    private int counter;

    public string? Head { get; set; }

    public Exception? FetchFailure { get; set; }

    /// <summary>Answers <see cref="TouchesStackAsync"/> (from, to): null touches every stack, as a source that cannot tell.</summary>
    public Func<string, string, bool>? Touches { get; set; }

    public string Description => "scripted main";

    public static CompiledStack Stack(string name, ReconcileSettings? settings = null, int resources = 1) =>
        new(
            name,
            new LoadedStack(
                new StackDefinition(
                    name,
                    ["infra/**/*.yaml"],
                    ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal),
                    ImmutableSortedDictionary.Create<string, PropertyValue>(StringComparer.Ordinal),
                    ImmutableSortedDictionary.Create<string, SecretSource>(StringComparer.Ordinal),
                    settings ?? ReconcileSettings.Default,
                    new SourceLocation($"stacks/{name}.yaml", 1, 1),
                    ImmutableDictionary<string, SourceLocation>.Empty),
                ImmutableArray<ResourceDocument>.Empty),
            new ResourceGraph("lab", name, ImmutableArray<GraphResource>.Empty, ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal)),
            ImmutableArray<Diagnostic>.Empty);

    public static CompiledStack Invalid(string name, params Diagnostic[] diagnostics) =>
        Stack(name) with { Graph = null, Diagnostics = [.. diagnostics] };

    /// <summary>Adds a commit on top of <paramref name="parent"/> (default: the head) and moves the head to it.</summary>
    public string Commit(string message, string? parent = null, params CompiledStack[] stacks)
    {
        var sha = (++counter).ToString("D40", System.Globalization.CultureInfo.InvariantCulture);
        commits[sha] = (parent ?? Head, message, [.. stacks]);
        Head = sha;
        return sha;
    }

    public Task<CommitSummary> FetchAsync(CancellationToken cancellationToken)
    {
        if (FetchFailure is { } failure)
        {
            throw failure;
        }

        return ResolveAsync(Head ?? throw new InvalidOperationException("no commits"), cancellationToken);
    }

    public Task<CommitSummary> ResolveAsync(string revision, CancellationToken cancellationToken) =>
        commits.TryGetValue(revision, out var commit)
            ? Task.FromResult(new CommitSummary(revision, "Ann <ann@example.org>", commit.Message))
            : throw new GitOpsException($"unknown revision {revision}");

    public Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken) =>
        Task.FromResult(Ancestry(descendant).Contains(ancestor));

    public Task<ImmutableArray<CommitSummary>> CommitsBetweenAsync(string from, string to, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(Ancestry(to).Skip(1).TakeWhile(sha => sha != from).Take(limit)
            .Select(sha => new CommitSummary(sha, "Ann <ann@example.org>", commits[sha].Message)).ToImmutableArray());

    public Task<bool> TouchesStackAsync(string from, string to, StackDefinition stack, CancellationToken cancellationToken) =>
        Task.FromResult(Touches?.Invoke(from, to) ?? true);

    public Task<ISourceTree> GetTreeAsync(string revision, CancellationToken cancellationToken) =>
        Task.FromResult<ISourceTree>(new ScriptedTree(revision));

    public Task<LoadResult<CompiledRepository>> CompileAsync(ISourceTree tree, CancellationToken cancellationToken)
    {
        var stacks = commits[tree.Revision!].Stacks; // scripted trees always carry their commit
        var project = new InfraProject("lab", null, InfraProject.DefaultBackendUrl, new SourceLocation("Pulumi.yaml", 1, 1));
        return Task.FromResult(LoadResult<CompiledRepository>.Success(new CompiledRepository(project, tree.Revision, stacks)));
    }

    private List<string> Ancestry(string sha)
    {
        var chain = new List<string>();
        for (string? at = sha; at is not null; at = commits[at].Parent)
        {
            chain.Add(at);
        }

        return chain;
    }

    private sealed record ScriptedTree(string Revision) : ISourceTree
    {
        string? ISourceTree.Revision => Revision;

        public string Description => "commit " + Revision[..7];

        public Task<ImmutableArray<SourceTreeEntry>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult(ImmutableArray<SourceTreeEntry>.Empty);

        public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) =>
            throw new FileNotFoundException(path);
    }
}
