using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.Loading;

/// <summary>What <see cref="RepositoryCompiler.CompileAsync"/> compiles, and how.</summary>
public sealed record CompileOptions
{
    /// <summary>Every stack, default graph options.</summary>
    public static CompileOptions Default { get; } = new();

    /// <summary>Only this stack, or every stack when null (a name no stack has is an error).</summary>
    public string? StackName { get; init; }

    /// <summary>Variables and secret sources for translation.</summary>
    public GraphBuildOptions Graph { get; init; } = GraphBuildOptions.Default;

    /// <summary>
    /// Opens the decrypter of one stack's <c>secure:</c> values (their key belongs to the stack's state), asked
    /// once for each stack that has such a secret and no <see cref="GraphBuildOptions.SecretDecrypter"/>; it may
    /// return null (no key here). Null: <see cref="Graph"/>'s decrypter for every stack.
    /// </summary>
    public Func<InfraProject, string, CancellationToken, Task<ISecretDecrypter?>>? StackSecrets { get; init; }
}
