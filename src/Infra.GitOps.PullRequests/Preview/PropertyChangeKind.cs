namespace Infra.GitOps.PullRequests.Preview;

/// <summary>How one property of a resource changes.</summary>
public enum PropertyChangeKind
{
    /// <summary>The property is new (no old value).</summary>
    Add,

    /// <summary>The property's value changes.</summary>
    Update,

    /// <summary>The property is removed (no new value).</summary>
    Delete,
}
