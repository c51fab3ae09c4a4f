using System.Collections.Immutable;
using System.Diagnostics;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Bench.Git;

/// <summary>
/// How fast <see cref="GitRepository.ChangedPathsAsync"/> finds what changed between two commits far apart (the first
/// and the last of <see cref="ChangedPathsRepository"/>: 20,000 files, 2,000 commits), with the repository held
/// open as the reconciler holds it, against <c>git diff --name-only --no-renames</c> run as a process on the same
/// commits. Both answers are checked to be equal before anything is reported. Then the reconciler's question
/// over the same move: which of 60 stacks (<see cref="ChangedPathsRepository.Stacks"/>) it affects
/// (<see cref="AffectedStacks"/>), printed beside <c>git diff --name-only</c>.
/// </summary>
/// <remarks>
/// Wall time is the target (a reconcile pass waits for it). It is also reported as CPU time because the benchmark
/// machine is shared: under load the wall time of a 15 ms computation swells several times, CPU time does not.
/// </remarks>
public sealed class ChangedPathsBenchmark : IBenchmark
{
    private const int WarmupRuns = 5;
    private const int MeasuredRuns = 15;

    /// <inheritdoc />
    public string Name => "git";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        string path = await ChangedPathsRepository.EnsureAsync(cancellationToken);
        using GitRepository repository = GitRepository.Open(path);
        string from = (await repository.ResolveCommitAsync(ChangedPathsRepository.FirstTag, cancellationToken)).Sha;
        string to = (await repository.ResolveCommitAsync(ChangedPathsRepository.Branch, cancellationToken)).Sha;

        ImmutableArray<string> ours = await repository.ChangedPathsAsync(from, to, cancellationToken);
        string[] theirs = (await GitDiffAsync(path, from, to, cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (!ours.SequenceEqual(theirs))
        {
            throw new InvalidOperationException(
                $"ChangedPathsAsync found {ours.Length} paths, git diff {theirs.Length}: the measurement would be meaningless.");
        }

        (double oursMs, double oursCpuMs) = await MedianAsync(
            async () =>
            {
                TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
                await repository.ChangedPathsAsync(from, to, cancellationToken);
                return Process.GetCurrentProcess().TotalProcessorTime - before;
            },
            cancellationToken);
        (double gitMs, _) = await MedianAsync(
            async () =>
            {
                // A child's CPU time is gone once it is reaped on Linux: only its wall time is compared.
                await GitDiffAsync(path, from, to, cancellationToken);
                return TimeSpan.Zero;
            },
            cancellationToken);

        // The reconciler's question: which stacks does the move touch? 50 team stacks whose globs match, 10 whose
        // globs match nothing (they read every changed path), all held open as the reconciler holds them.
        ImmutableArray<StackPathMatcher> stacks = ChangedPathsRepository.Stacks().Select(StackPathMatcher.Create).ToImmutableArray();
        ImmutableArray<StackDefinition> affected = await AffectedStacks.FindAsync(repository, from, to, stacks, cancellationToken);
        ImmutableArray<StackDefinition> byEveryPath = AffectedStacks.Select(stacks, ours);
        if (affected.Length != ChangedPathsRepository.TeamCount || !affected.SequenceEqual(byEveryPath))
        {
            throw new InvalidOperationException(
                $"{affected.Length} stacks affected by the tree walk, {byEveryPath.Length} by every changed path, expected {ChangedPathsRepository.TeamCount}: the measurement would be meaningless.");
        }

        (double affectedMs, double affectedCpuMs) = await MedianAsync(
            async () =>
            {
                TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
                await AffectedStacks.FindAsync(repository, from, to, stacks, cancellationToken);
                return Process.GetCurrentProcess().TotalProcessorTime - before;
            },
            cancellationToken);

        return
        [
            new BenchmarkFigure("git.affected-stacks", affectedMs, "ms", "<", 50, "ms"),
            new BenchmarkFigure("git.affected-stacks-cpu", affectedCpuMs, "ms", "<", 50, "ms"),

            // Printed beside it: `git diff --name-only` of the same two commits, which only lists the paths.
            new BenchmarkFigure("git.diff-name-only", gitMs, "ms", ">", affectedMs, "ms (git.affected-stacks)"),
            new BenchmarkFigure("git.changed-paths", oursMs, "ms", "<", 50, "ms"),
            new BenchmarkFigure("git.changed-paths-cpu", oursCpuMs, "ms", "<", 50, "ms"),

            // The CLI pays a process start (a few ms) we do not, and libgit2 and git walk trees the same way, so
            // in-process must not be slower: 1.0 x is the honest bar, not a stretch target.
            new BenchmarkFigure("git.changed-paths-vs-git-cli", oursMs / gitMs, "x", "<=", 1.0, "x"),
        ];
    }

    private static Task<string> GitDiffAsync(string repository, string from, string to, CancellationToken cancellationToken) =>
        GitCli.RunAsync(repository, ["diff", "--name-only", "--no-renames", from, to], null, cancellationToken);

    /// <summary>Median wall and CPU milliseconds of <paramref name="run"/>, which returns the CPU time it used.</summary>
    private static async Task<(double WallMs, double CpuMs)> MedianAsync(
        Func<Task<TimeSpan>> run,
        CancellationToken cancellationToken)
    {
        for (int i = 0; i < WarmupRuns; i++)
        {
            await run();
        }

        var wall = new double[MeasuredRuns];
        var cpu = new double[MeasuredRuns];
        for (int i = 0; i < MeasuredRuns; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = TimeProvider.System.GetTimestamp();
            cpu[i] = (await run()).TotalMilliseconds;
            wall[i] = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[MeasuredRuns / 2], cpu[MeasuredRuns / 2]);
    }
}
