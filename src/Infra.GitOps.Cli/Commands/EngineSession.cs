using Infra.GitOps.Engine;
using Infra.GitOps.Loading;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// What an engine command needs for one repository: the state store its project names (file backend,
/// relative to the repository root), the providers built into the tool, and who is acting (for locks).
/// Its providers come from <see cref="BuiltInProviders"/>, the one place that wires concrete providers.
/// </summary>
public sealed class EngineSession : IDisposable
{
    private readonly BuiltInProviders _providers = new();

    private EngineSession(FileStateStore store)
    {
        Store = store;
        Providers = _providers.CreateRegistry();
        Operations = new StackOperations(TimeProvider.System);
    }

    /// <summary>The stack state store.</summary>
    public FileStateStore Store { get; }

    /// <summary>The providers.</summary>
    public ProviderRegistry Providers { get; }

    /// <summary>The engine's operations.</summary>
    public StackOperations Operations { get; }

    /// <summary>Opens the session for a compiled repository rooted at <paramref name="repositoryRoot"/>.</summary>
    public static EngineSession Open(CompiledRepository repository, string repositoryRoot) =>
        Open(repository.Project.Name, repository.Project.BackendUrl, repositoryRoot);

    /// <summary>Opens the session for a project's backend.</summary>
    public static EngineSession Open(string project, string backendUrl, string repositoryRoot) =>
        new(OpenStateStore(project, backendUrl, repositoryRoot));

    /// <summary>
    /// The state store of a project's backend (file backend, relative to <paramref name="repositoryRoot"/>), with
    /// the secrets key from the environment. Opening it reads and writes nothing.
    /// </summary>
    public static FileStateStore OpenStateStore(string project, string backendUrl, string repositoryRoot) =>
        new(backendUrl, repositoryRoot, project, SecretsKeySource.FromEnvironment(), TimeProvider.System);

    /// <summary>
    /// The state store for a read-only preview: as <see cref="OpenStateStore"/>, but without a passphrase the
    /// recorded secrets read as <c>[secret]</c> placeholders (a pull request from a fork has no secrets).
    /// </summary>
    public static FileStateStore OpenPreviewStateStore(string project, string backendUrl, string repositoryRoot) =>
        new(backendUrl, repositoryRoot, project, SecretsKeySource.FromEnvironment(), TimeProvider.System) { SecretsOptional = true };

    /// <summary>Who acts, for the stack lock.</summary>
    public static LockOwner Owner(string operation) =>
        new(Environment.UserName, Environment.ProcessId, Environment.MachineName, operation, DateTimeOffset.UtcNow);

    /// <inheritdoc />
    public void Dispose() => _providers.Dispose();
}
