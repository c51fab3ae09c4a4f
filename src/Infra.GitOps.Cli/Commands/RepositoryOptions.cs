using System.Collections.Immutable;
using System.CommandLine;
using Infra.GitOps.Git;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// The options every command that reads an infra repository shares: <c>--repo</c>, <c>--rev</c>,
/// <c>--stack</c>, <c>--var</c>; and the one way they turn into compiled stacks.
/// </summary>
public sealed class RepositoryOptions
{
    private readonly SecretResolution _secrets;

    /// <summary>
    /// Creates the options; <paramref name="stackRequired"/> makes <c>--stack</c> mandatory;
    /// <paramref name="secrets"/> says whether a secret this machine cannot read is an error (commands that change
    /// resources) or a placeholder and a warning (commands that only look: validate, graph).
    /// </summary>
    public RepositoryOptions(bool stackRequired, SecretResolution secrets = SecretResolution.Required)
    {
        _secrets = secrets;
        Stack = new Option<string>("--stack", "-s")
        {
            Description = stackRequired ? "The stack." : "Only this stack (default: every stack).",
            Required = stackRequired,
        };
    }

    /// <summary><c>--repo PATH</c>: the infra repository (default: the current directory).</summary>
    public Option<string> Repo { get; } = new("--repo", "-C")
    {
        Description = "Path of the infra repository (a working directory, or any Git repository with --rev).",
        DefaultValueFactory = _ => ".",
    };

    /// <summary><c>--rev REV</c>: read the repository at a commit (branch, tag, sha) instead of the working directory.</summary>
    public Option<string?> Revision { get; } = new("--rev")
    {
        Description = "Read the stacks at this Git revision (branch, tag, sha), from the object database, without checkout.",
    };

    /// <summary><c>--stack NAME</c>.</summary>
    public Option<string> Stack { get; }

    /// <summary><c>--var name=value</c>, repeatable: overrides a stack variable.</summary>
    public Option<string[]> Variables { get; } = new("--var")
    {
        Description = "Override a stack variable: --var name=value (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Revision);
        command.Options.Add(Stack);
        command.Options.Add(Variables);
    }

    /// <summary>The repository root as an absolute path.</summary>
    public string RepositoryRoot(ParseResult parseResult) => Path.GetFullPath(parseResult.GetValue(Repo) ?? ".");

    /// <summary>
    /// Loads and translates the repository as the options say. Diagnostics are printed; the result is null when
    /// the repository as a whole is invalid.
    /// </summary>
    public async Task<CompiledRepository?> CompileAsync(ParseResult parseResult, CliConsole console, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot(parseResult);
        if (!Directory.Exists(root))
        {
            throw new GitOpsException($"repository '{root}' does not exist");
        }

        var options = new CompileOptions
        {
            StackName = parseResult.GetValue(Stack),
            Graph = GraphBuildOptions.Default with
            {
                Variables = ParseVariables(parseResult.GetValue(Variables) ?? []),
                SecretResolution = _secrets,
            },
            StackSecrets = OpenStackSecrets(root),
        };

        LoadResult<CompiledRepository> result;
        if (parseResult.GetValue(Revision) is { } revision)
        {
            using var repository = GitRepository.Open(root);
            var tree = await repository.GetSourceTreeAsync(revision, cancellationToken);
            result = await RepositoryCompiler.CompileAsync(tree, options, cancellationToken);
        }
        else
        {
            result = await RepositoryCompiler.CompileAsync(new DirectorySourceTree(root), options, cancellationToken);
        }

        var all = result.Diagnostics.AddRange(result.Value?.Stacks.SelectMany(s => s.Diagnostics) ?? []);
        console.Diagnostics(all.Distinct());
        return result.HasErrors ? null : result.Value;
    }

    // secure: values are encrypted with the key of the stack's state (as Pulumi's passphrase provider keeps its salt
    // with the stack): with a passphrase or key in the environment, that state's crypter decrypts them.
    private static Func<InfraProject, string, CancellationToken, Task<ISecretDecrypter?>>? OpenStackSecrets(string root)
    {
        if (SecretsKeySource.FromEnvironment() is not { } keys)
        {
            return null;
        }

        return async (project, stack, cancellationToken) =>
        {
            var store = new FileStateStore(project.BackendUrl, root, project.Name, keys, TimeProvider.System);
            return await store.FindSecretsAsync(stack, cancellationToken) ?? SecretsCrypter.WithoutKey(null);
        };
    }

    private static ImmutableDictionary<string, PropertyValue> ParseVariables(string[] assignments)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--var expects name=value, got '{assignment}'");
            }

            builder[assignment[..equals]] = ParseScalar(assignment[(equals + 1)..]);
        }

        return builder.ToImmutable();
    }

    // A --var value is typed as a plain YAML scalar would be: numbers and booleans keep their type.
    private static PropertyValue ParseScalar(string text) =>
        text switch
        {
            "true" => new BoolValue(true),
            "false" => new BoolValue(false),
            _ when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && !text.Contains(' ', StringComparison.Ordinal) => new NumberValue(number),
            _ => new StringValue(text),
        };
}
