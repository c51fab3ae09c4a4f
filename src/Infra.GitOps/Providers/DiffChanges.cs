namespace Infra.GitOps.Providers;

/// <summary>Whether a diff found changes.</summary>
public enum DiffChanges
{
    /// <summary>The provider cannot tell: the engine falls back to a structural diff of the inputs.</summary>
    Unknown,

    /// <summary>Nothing changed.</summary>
    None,

    /// <summary>Something changed.</summary>
    Some,
}
