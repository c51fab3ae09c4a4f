using Infra.GitOps.Graph;

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
}
