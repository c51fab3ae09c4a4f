namespace Infra.GitOps.PullRequests.Preview;

/// <summary>What a step of a plan does to its resource (Pulumi's step operations).</summary>
public enum StepOperation
{
    /// <summary>No change.</summary>
    Same,

    /// <summary>A new resource.</summary>
    Create,

    /// <summary>Changed in place.</summary>
    Update,

    /// <summary>Deleted and created again (in either order).</summary>
    Replace,

    /// <summary>Removed.</summary>
    Delete,

    /// <summary>Read from the provider (an existing resource).</summary>
    Read,

    /// <summary>Refreshed from the provider.</summary>
    Refresh,
}
