namespace Infra.GitOps.PullRequests.GitHub;

/// <summary>The steps of posting a preview, in order.</summary>
public enum PublishStep
{
    /// <summary>Listing the pull request's comments to find the previous preview.</summary>
    FindComment,

    /// <summary>Creating or updating the comment.</summary>
    WriteComment,

    /// <summary>Setting the commit status on the head commit.</summary>
    SetStatus,
}
