using System.Globalization;
using Infra.GitOps.PullRequests.Preview;

namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>The one-line summary set as the commit status's description (GitHub keeps 140 characters).</summary>
public static class PreviewStatusText
{
    /// <summary>GitHub's limit on a commit status description.</summary>
    public const int MaxLength = 140;

    /// <summary>
    /// <c>dev +2 ~1 -0 +-1; prod invalid</c>, or <c>no stack affected</c>; cut with an ellipsis at
    /// <see cref="MaxLength"/>.
    /// </summary>
    public static string Describe(PullRequestPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        string text;
        if (preview.Stacks.IsEmpty)
        {
            text = preview.HasErrors ? "the repository could not be loaded" : "no stack affected";
        }
        else
        {
            text = string.Join("; ", preview.Stacks.Select(s => s switch
            {
                PlannedStackPreview p => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {p.Counts}"),
                InvalidStackPreview => $"{s.Name} invalid",
                _ => $"{s.Name} failed",
            }));
        }

        return text.Length <= MaxLength ? text : text[..(MaxLength - 3)] + "...";
    }
}
