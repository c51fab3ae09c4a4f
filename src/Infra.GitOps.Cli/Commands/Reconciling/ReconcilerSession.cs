using Infra.GitOps.Engine;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.Providers.Libvirt;
using Infra.GitOps.Reconciler;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// The reconciler's seams as the tool wires them for one remote and branch: the remote mirror and revision source,
/// the file state store of the project named at the head, the engine with the providers built into the tool.
/// <c>reconcile</c> and <c>rollback</c> use <see cref="CreateReconciler"/>; <c>serve</c> registers the seams in its
/// host. Dispose it after the reconciler.
/// </summary>
public sealed class ReconcilerSession : IDisposable
{
    private readonly GitRemoteMirror mirror;
    private readonly GitRevisionSource source;
    private readonly LibvirtProvider libvirt;

    private ReconcilerSession(
        GitRemoteMirror mirror, GitRevisionSource source, LibvirtProvider libvirt, FileStateStore store, bool hasKeys, string branch, string stateDirectory, string project)
    {
        this.mirror = mirror;
        this.source = source;
        this.libvirt = libvirt;
        Store = store;
        Branch = branch;
        StateDirectory = stateDirectory;
        Project = project;
        // secure: values are decrypted with each stack's own key, kept with its state (see stack encrypt).
        Compiler = new CoreRepositoryCompiler(hasKeys
            ? new CompileOptions { StackSecrets = async (_, stack, cancellationToken) => await store.FindSecretsAsync(stack, cancellationToken) }
            : null);
        Runner = new EngineStackRunner(new StackOperations(TimeProvider.System), store, new ProviderRegistry(libvirt));
    }

    /// <summary>The revision source (fetched once by <see cref="OpenAsync"/>).</summary>
    public IRevisionSource Source => source;

    /// <summary>The stacks' state store.</summary>
    public FileStateStore Store { get; }

    /// <summary>The engine over the tool's providers.</summary>
    public IStackRunner Runner { get; }

    /// <summary>The compiler of the repository at a commit.</summary>
    public IRepositoryCompiler Compiler { get; }

    /// <summary>The tracked branch.</summary>
    public string Branch { get; }

    /// <summary>The state directory (absolute).</summary>
    public string StateDirectory { get; }

    /// <summary>The project named by <c>Pulumi.yaml</c> at the head when the session opened.</summary>
    public string Project { get; }

    /// <summary>
    /// Fetches <paramref name="branch"/> of the remote and reads the project's name at its head (the state store is
    /// per project). Throws <see cref="SourceUnavailableException"/> when the remote or the branch cannot be read.
    /// </summary>
    public static async Task<ReconcilerSession> OpenAsync(
        GitRemoteMirrorOptions remote, string branch, string stateDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var time = TimeProvider.System;
        var mirror = new GitRemoteMirror(remote, time, loggerFactory.CreateLogger<GitRemoteMirror>());
        try
        {
            var head = await mirror.FetchAsync(branch, cancellationToken);
            string project;
            using (var repository = mirror.OpenRepository())
            {
                var compiled = await RepositoryCompiler.CompileAsync(await repository.GetSourceTreeAsync(head, cancellationToken), CompileOptions.Default, cancellationToken);
                project = compiled.Value?.Project.Name ?? "unknown";
            }

            var keys = SecretsKeySource.FromEnvironment();
            var store = new FileStateStore("file://" + stateDirectory, stateDirectory, project, keys, time);
            return new ReconcilerSession(mirror, new GitRevisionSource(mirror, branch), new LibvirtProvider(), store, keys is not null, branch, stateDirectory, project);
        }
        catch
        {
            mirror.Dispose();
            throw;
        }
    }

    /// <summary>The options every mode starts from: this session's state directory and branch, the owner shown to whoever finds a stack locked.</summary>
    public ReconcilerOptions Options(string mode) =>
        new() { StateDirectory = StateDirectory, Branch = Branch, Owner = $"infra-gitops {mode}" };

    /// <summary>A reconciler over this session's seams; its events go to the log and to <paramref name="notifier"/> when given.</summary>
    public Reconciler.Reconciler CreateReconciler(ReconcilerOptions options, ILoggerFactory loggerFactory, IEventSink? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        IEventSink log = new LogEventSink(loggerFactory.CreateLogger<LogEventSink>());
        return new Reconciler.Reconciler(
            options,
            source,
            Compiler,
            Store,
            Runner,
            notifier is null ? log : new CompositeEventSink(log, notifier),
            TimeProvider.System,
            loggerFactory.CreateLogger<Reconciler.Reconciler>());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        source.Dispose();
        libvirt.Dispose();
        mirror.Dispose();
    }
}
