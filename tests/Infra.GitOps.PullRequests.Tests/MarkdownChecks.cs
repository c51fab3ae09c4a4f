using System.Text.RegularExpressions;

namespace Infra.GitOps.PullRequests.Tests;

/// <summary>Structural checks that Markdown is well formed: fences closed, details balanced.</summary>
internal static partial class MarkdownChecks
{
    /// <summary>Problems found, empty when well formed.</summary>
    public static IReadOnlyList<string> Problems(string markdown)
    {
        var problems = new List<string>();
        string? openFence = null;
        var depth = 0;
        foreach (var line in markdown.Split('\n'))
        {
            var fence = FencePattern().Match(line);
            if (openFence is null)
            {
                if (fence.Success)
                {
                    openFence = fence.Groups[1].Value;
                    continue;
                }

                depth += Regex.Count(line, "<details>") - Regex.Count(line, "</details>");
                if (depth < 0)
                {
                    problems.Add("</details> without <details>");
                    depth = 0;
                }
            }
            else if (fence.Success && fence.Groups[1].Value.Length >= openFence.Length && fence.Groups[2].Value.Length == 0)
            {
                openFence = null;
            }
        }

        if (openFence is not null)
        {
            problems.Add("unclosed code fence");
        }

        if (depth != 0)
        {
            problems.Add($"{depth} unclosed <details>");
        }

        return problems;
    }

    [GeneratedRegex("^(`{3,})(.*)$")]
    private static partial Regex FencePattern();
}
