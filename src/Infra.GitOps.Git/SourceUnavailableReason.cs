namespace Infra.GitOps.Git;

/// <summary>Why a <see cref="SourceUnavailableException"/> was thrown; the reconciler picks its retry policy from it.</summary>
public enum SourceUnavailableReason
{
    /// <summary>The remote could not be reached or refused us (network, DNS, path missing, authentication): retry with backoff.</summary>
    RemoteUnreachable,

    /// <summary>The remote answered but has no such branch (deleted or never pushed): needs a human.</summary>
    BranchNotFound,

    /// <summary>The remote answered but the pinned revision (tag or commit) is not in it: needs a human.</summary>
    RevisionNotFound,
}
