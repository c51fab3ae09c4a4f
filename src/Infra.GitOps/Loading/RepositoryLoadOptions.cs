namespace Infra.GitOps.Loading;

/// <summary>What <see cref="RepositoryLoader.LoadAsync"/> loads.</summary>
public sealed record RepositoryLoadOptions
{
    /// <summary>Load every stack.</summary>
    public static RepositoryLoadOptions Default { get; } = new();

    /// <summary>
    /// When set, only this stack's sources are read (every stack file is still read, to find it and to check
    /// stack names); a name that no stack has is a <see cref="DiagnosticMessages.StackNotFoundCode"/> error.
    /// </summary>
    public string? StackName { get; init; }
}
