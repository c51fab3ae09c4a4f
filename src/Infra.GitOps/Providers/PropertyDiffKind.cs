namespace Infra.GitOps.Providers;

/// <summary>How one property changed (Pulumi's <c>PropertyDiff.Kind</c>).</summary>
public enum PropertyDiffKind
{
    /// <summary>Added.</summary>
    Add,

    /// <summary>Added, forcing a replacement.</summary>
    AddReplace,

    /// <summary>Removed.</summary>
    Delete,

    /// <summary>Removed, forcing a replacement.</summary>
    DeleteReplace,

    /// <summary>Changed.</summary>
    Update,

    /// <summary>Changed, forcing a replacement.</summary>
    UpdateReplace,
}
