namespace Infra.GitOps.Providers;

/// <summary>The resource does not exist.</summary>
public sealed record ResourceGone : ReadResult
{
    /// <summary>The only instance.</summary>
    public static ResourceGone Instance { get; } = new();
}
