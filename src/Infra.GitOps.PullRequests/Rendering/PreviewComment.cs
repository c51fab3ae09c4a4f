using System.Collections.Immutable;

namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>A rendered preview comment.</summary>
/// <param name="Markdown">The body: valid GitHub-flavoured Markdown, at most the configured length.</param>
/// <param name="Marker">The hidden marker it starts with, by which the comment is found again.</param>
/// <param name="CutStacks">The stacks whose details were cut to fit, by name.</param>
public sealed record PreviewComment(string Markdown, string Marker, ImmutableArray<string> CutStacks)
{
    /// <summary>True when any stack's details were cut.</summary>
    public bool IsCut => !CutStacks.IsEmpty;
}
