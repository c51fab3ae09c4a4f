using System.CommandLine;
using Infra.GitOps.Git;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// The options of the commands that track a remote branch (<c>reconcile</c>, <c>rollback</c>, <c>serve</c>):
/// <c>--repo URL --branch B --state-dir DIR --cache-dir DIR --token-env NAME</c>, and the one way they open a
/// <see cref="ReconcilerSession"/>. <c>--state-dir</c> and <c>--cache-dir</c> default to the environment variables
/// <c>INFRA_GITOPS_STATE_DIR</c> and <c>INFRA_GITOPS_CACHE_DIR</c>, then to <c>.infra/state</c> and <c>.infra/cache</c>.
/// </summary>
public sealed class RemoteOptions
{
    /// <summary>The environment variable that gives <c>--state-dir</c> its default.</summary>
    public const string StateDirectoryVariable = "INFRA_GITOPS_STATE_DIR";

    /// <summary>The environment variable that gives <c>--cache-dir</c> its default.</summary>
    public const string CacheDirectoryVariable = "INFRA_GITOPS_CACHE_DIR";

    /// <summary><c>--repo URL</c>: the remote to track.</summary>
    public Option<string> Repo { get; } = new("--repo") { Description = "The remote to track: a path, file:// or https URL (no credentials in it: see --token-env).", Required = true };

    /// <summary><c>--branch NAME</c>.</summary>
    public Option<string> Branch { get; } = new("--branch") { Description = "The tracked branch.", DefaultValueFactory = _ => "main" };

    /// <summary><c>--state-dir DIR</c>.</summary>
    public Option<string> StateDirectory { get; } = new("--state-dir")
    {
        Description = $"Where state, status, the audit trail and requests live (default: ${StateDirectoryVariable} or .infra/state).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(StateDirectoryVariable) is { Length: > 0 } value ? value : ".infra/state",
    };

    /// <summary><c>--cache-dir DIR</c>.</summary>
    public Option<string> CacheDirectory { get; } = new("--cache-dir", "--cache")
    {
        Description = $"Where the remote is mirrored (default: ${CacheDirectoryVariable} or .infra/cache).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } value ? value : ".infra/cache",
    };

    /// <summary><c>--token-env NAME</c>: the environment variable holding an HTTPS token.</summary>
    public Option<string?> TokenVariable { get; } = new("--token-env") { Description = "The environment variable holding the HTTPS token for --repo (read at each fetch, never logged)." };

    /// <summary><c>--every-stack</c> (added by <c>reconcile</c> and <c>serve</c> themselves): no path filter.</summary>
    public Option<bool> EveryStack { get; } = new("--every-stack")
    {
        Description = "Run every stack when the branch moves, not only those whose files (stack file, project file, sources) changed since their last applied commit.",
    };

    /// <summary>Adds the options to <paramref name="command"/> (not <see cref="EveryStack"/>).</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Branch);
        command.Options.Add(StateDirectory);
        command.Options.Add(CacheDirectory);
        command.Options.Add(TokenVariable);
    }

    /// <summary>The tracked branch.</summary>
    public string BranchOf(ParseResult parseResult) => parseResult.GetRequiredValue(Branch);

    /// <summary>The state directory as an absolute path.</summary>
    public string StateDirectoryOf(ParseResult parseResult) => Path.GetFullPath(parseResult.GetRequiredValue(StateDirectory));

    /// <summary>Fetches the remote and opens the reconciler over it; see <see cref="ReconcilerSession.OpenAsync"/>.</summary>
    public Task<ReconcilerSession> OpenAsync(ParseResult parseResult, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var mirror = new GitRemoteMirrorOptions
        {
            RemoteUrl = parseResult.GetRequiredValue(Repo),
            CacheDirectory = Path.GetFullPath(parseResult.GetRequiredValue(CacheDirectory)),
            TokenEnvironmentVariable = parseResult.GetValue(TokenVariable),
        };
        return ReconcilerSession.OpenAsync(mirror, BranchOf(parseResult), StateDirectoryOf(parseResult), loggerFactory, cancellationToken);
    }
}
