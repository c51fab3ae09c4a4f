using Infra.GitOps.Engine;
using Infra.GitOps.Git;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using LibGit2Sharp;

namespace Infra.GitOps.PullRequests.Tests.Previewing;

/// <summary>
/// A real Git repository of infra YAML in a temporary directory, with a real file state store; stacks are
/// deployed with the real engine against <see cref="FakeProvider"/>s.
/// </summary>
internal sealed class InfraRepository : IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public InfraRepository(TimeProvider timeProvider)
    {
        TimeProvider = timeProvider;
        Root = Path.Combine(Path.GetTempPath(), "infra-gitops-prs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Repository.Init(Root);
        StateStore = new FileStateStore("file://.infra/state", Root, "lab", SecretsKeySource.FromKey(Key), timeProvider);
    }

    public string Root { get; }

    public TimeProvider TimeProvider { get; }

    public FileStateStore StateStore { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public GraphBuildOptions GraphOptions => GraphBuildOptions.Default with { EnvironmentLookup = name => Environment.GetValueOrDefault(name) };

    public void Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!); // a file path in the repository always has a directory
        File.WriteAllText(full, text);
    }

    public void Delete(string path) => File.Delete(Path.Combine(Root, path));

    public string Commit(string message)
    {
        using var repository = new Repository(Root);
        Commands.Stage(repository, "*");
        var signature = new Signature("test", "test@example.invalid", new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));
        return repository.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    /// <summary>Deploys a stack as it is at <paramref name="commit"/> with the real engine and fake providers.</summary>
    public async Task DeployAsync(string commit, string stack, CancellationToken cancellationToken)
    {
        using var git = GitRepository.Open(Root);
        var tree = await git.GetSourceTreeAsync(commit, cancellationToken);
        var compiled = await RepositoryCompiler.CompileAsync(tree, new CompileOptions { StackName = stack, Graph = GraphOptions }, cancellationToken);
        var graph = compiled.Value?.Stacks.Single().Graph
            ?? throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics.Concat(compiled.Value?.Stacks.SelectMany(s => s.Diagnostics) ?? [])));
        var providers = new ProviderRegistry(new FakeProvider("libvirt", timeProvider: TimeProvider));
        var result = await new StackOperations(TimeProvider).UpAsync(
            graph,
            StateStore,
            providers,
            new LockOwner("test", 1, "localhost", "up", TimeProvider.GetUtcNow()),
            StackOperationOptions.Default,
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("deploying failed: " + result.Plan);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Git marks object files read-only on some systems; a leftover temporary directory is harmless.
        }
    }
}
