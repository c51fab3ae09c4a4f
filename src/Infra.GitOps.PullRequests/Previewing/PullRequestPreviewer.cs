using System.Collections.Immutable;
using Infra.GitOps.Git;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Previews a pull request: finds the stacks the change between base and head touches, compiles them at the
/// head commit (read from Git's object database: nothing from the pull request is checked out or run), and
/// plans each against its recorded state. Reads only; never locks or writes state, never calls a provider's
/// mutating methods, needs no cloud credentials. Safe for pull requests from forks.
/// </summary>
public sealed class PullRequestPreviewer
{
    private readonly Func<InfraProject, IStateStore> stateStoreFor;
    private readonly IStackPlanSource planSource;
    private readonly TimeProvider timeProvider;
    private readonly GraphBuildOptions graphOptions;
    private readonly ILogger logger;

    /// <summary>Creates a previewer.</summary>
    /// <param name="stateStore">Where the stacks' recorded state is read from (never written, never locked).</param>
    /// <param name="planSource">Plans one stack: <see cref="OfflineStackPlanSource"/> for credential-free previews.</param>
    /// <param name="timeProvider">The clock for the preview's time.</param>
    /// <param name="graphOptions">Variables and secret sources for translating the head commit's YAML; default
    /// <see cref="GraphBuildOptions.Default"/> (secrets from the environment).</param>
    /// <param name="logger">Operator log; never given secrets.</param>
    public PullRequestPreviewer(
        IStateStore stateStore,
        IStackPlanSource planSource,
        TimeProvider timeProvider,
        GraphBuildOptions? graphOptions = null,
        ILogger<PullRequestPreviewer>? logger = null)
        : this(StoreOf(stateStore), planSource, timeProvider, graphOptions, logger)
    {
    }

    /// <summary>
    /// Creates a previewer whose state store is chosen from the head commit's project file (its name and
    /// backend), so the repository is compiled once: <paramref name="stateStoreFor"/> is called at most once per
    /// preview, after compiling, and not at all when the project file is invalid. The caller owns the store.
    /// </summary>
    /// <param name="stateStoreFor">Opens the state store of the head commit's project (read, never written).</param>
    /// <param name="planSource">Plans one stack: <see cref="OfflineStackPlanSource"/> for credential-free previews.</param>
    /// <param name="timeProvider">The clock for the preview's time.</param>
    /// <param name="graphOptions">Variables and secret sources for translating the head commit's YAML; default
    /// <see cref="GraphBuildOptions.Default"/> (secrets from the environment).</param>
    /// <param name="logger">Operator log; never given secrets.</param>
    public PullRequestPreviewer(
        Func<InfraProject, IStateStore> stateStoreFor,
        IStackPlanSource planSource,
        TimeProvider timeProvider,
        GraphBuildOptions? graphOptions = null,
        ILogger<PullRequestPreviewer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stateStoreFor);
        ArgumentNullException.ThrowIfNull(planSource);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.stateStoreFor = stateStoreFor;
        this.planSource = planSource;
        this.timeProvider = timeProvider;
        this.graphOptions = graphOptions ?? GraphBuildOptions.Default;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Previews <paramref name="request"/>: resolves both revisions, lists the paths changed between them, reads
    /// the head commit's tree from the object database (no checkout), compiles it, and plans each affected stack
    /// (or only <see cref="PullRequestPreviewRequest.StackFilter"/>) against its recorded state. Pass the merge
    /// base as the base revision to leave out changes made on the base branch since the pull request forked.
    /// Invalid YAML, unreadable state and planning errors are part of the result, not exceptions.
    /// </summary>
    /// <exception cref="GitOpsException">The path is not a Git repository, or a revision names no commit.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<PullRequestPreview> PreviewAsync(PullRequestPreviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var repository = GitRepository.Open(request.RepositoryPath);
        var baseCommit = await repository.ResolveCommitAsync(request.BaseRevision, cancellationToken).ConfigureAwait(false);
        var headCommit = await repository.ResolveCommitAsync(request.HeadRevision, cancellationToken).ConfigureAwait(false);
        var changed = await repository.ChangedPathsAsync(baseCommit.Sha, headCommit.Sha, cancellationToken).ConfigureAwait(false);
        var tree = await repository.GetSourceTreeAsync(headCommit.Sha, cancellationToken).ConfigureAwait(false);
        var compiled = await RepositoryCompiler
            .CompileAsync(tree, new CompileOptions { Graph = graphOptions with { SecretResolution = SecretResolution.Placeholder } }, cancellationToken)
            .ConfigureAwait(false);
        return await PreviewCompiledAsync(baseCommit.Sha, headCommit.Sha, changed, compiled, request.StackFilter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Selects and plans the affected stacks of an already compiled head commit. A stack with errors becomes an
    /// <see cref="InvalidStackPreview"/>; a stack whose state cannot be read or whose planning fails for an
    /// operational reason becomes a <see cref="FailedStackPreview"/>; the other stacks are planned regardless.
    /// </summary>
    internal async Task<PullRequestPreview> PreviewCompiledAsync(
        string baseCommit,
        string headCommit,
        ImmutableArray<string> changedPaths,
        LoadResult<CompiledRepository> head,
        string? stackFilter,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var time = timeProvider.GetUtcNow();
        var changed = changedPaths.Order(StringComparer.Ordinal).ToImmutableArray();
        if (head.Value is not { } repository)
        {
            Log.PreviewStarted(logger, baseCommit, headCommit, changed.Length, 0);
            return new PullRequestPreview(baseCommit, headCommit, stackFilter, time, changed, ImmutableArray<StackPreview>.Empty, head.Diagnostics.Sort());
        }

        var affected = AffectedStacks.Select(repository, changed.ToHashSet(StringComparer.Ordinal), stackFilter);
        Log.PreviewStarted(logger, baseCommit, headCommit, changed.Length, affected.Length);
        var results = new StackPreview[affected.Length];
        if (affected.Length > 0)
        {
            var store = stateStoreFor(repository.Project);
            await Parallel.ForEachAsync(
                Enumerable.Range(0, affected.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (i, token) => results[i] = await PreviewStackAsync(store, affected[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var stacks = results.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (stackFilter is not null && stacks.Count == 0)
        {
            var known = string.Join(", ", repository.Stacks.Select(s => s.Name));
            stacks.Add(new FailedStackPreview(
                stackFilter,
                ImmutableArray<Diagnostic>.Empty,
                $"There is no stack named '{stackFilter}' at the head commit (stacks: {(known.Length == 0 ? "none" : known)})."));
        }

        var repositoryDiagnostics = head.Diagnostics
            .Where(d => !repository.Stacks.Any(s => s.Diagnostics.Contains(d)))
            .Order()
            .ToImmutableArray();
        Log.PreviewFinished(logger, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return new PullRequestPreview(baseCommit, headCommit, stackFilter, time, changed, stacks.ToImmutableArray(), repositoryDiagnostics);
    }

    private static Func<InfraProject, IStateStore> StoreOf(IStateStore stateStore)
    {
        ArgumentNullException.ThrowIfNull(stateStore);
        return _ => stateStore;
    }

    private async Task<StackPreview> PreviewStackAsync(IStateStore stateStore, CompiledStack stack, CancellationToken cancellationToken)
    {
        if (stack.HasErrors || stack.Graph is null)
        {
            return new InvalidStackPreview(stack.Name, stack.Diagnostics);
        }

        try
        {
            var state = await stateStore.LoadAsync(stack.Name, cancellationToken).ConfigureAwait(false);
            if (state is { PendingOperations.IsEmpty: false })
            {
                return new FailedStackPreview(
                    stack.Name,
                    stack.Diagnostics,
                    $"The stack's state has {state.PendingOperations.Length} unfinished operations from an interrupted run: settle them first (infra-gitops up or refresh --stack {stack.Name}).");
            }

            var plan = await planSource.PlanAsync(stack.Graph, state, cancellationToken).ConfigureAwait(false);
            var preview = PlanPreviewMapper.ToPreview(stack, plan);
            Log.StackPlanned(logger, stack.Name, preview.Counts.ToString());
            return preview;
        }
        catch (Exception error) when (error is GitOpsException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.StackFailed(logger, stack.Name, error.Message);
            return new FailedStackPreview(stack.Name, stack.Diagnostics, error.Message);
        }
    }
}
