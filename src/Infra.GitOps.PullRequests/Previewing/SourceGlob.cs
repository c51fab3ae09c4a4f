namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// A stack's <c>sources</c> glob, matched against repository paths segment by segment as the loader does:
/// <c>*</c> and <c>?</c> within one segment, <c>**</c> across any number of segments (none included). Ordinal,
/// case-sensitive, as Git paths are. Matching is dynamic programming over (pattern, text) positions, so hostile
/// patterns (<c>**/**/*a*a*a</c>) cost O(pattern × path), never exponential time.
/// </summary>
internal sealed class SourceGlob
{
    private readonly string[] segments;

    public SourceGlob(string pattern)
    {
        var trimmed = pattern.Trim();
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    public bool IsMatch(string path)
    {
        var parts = path.Split('/');

        // reachable[p, s]: pattern segments [0, p) can match path segments [0, s).
        var reachable = new bool[segments.Length + 1, parts.Length + 1];
        reachable[0, 0] = true;
        for (var p = 0; p < segments.Length; p++)
        {
            for (var s = 0; s <= parts.Length; s++)
            {
                if (!reachable[p, s])
                {
                    continue;
                }

                if (segments[p] == "**")
                {
                    for (var next = s; next <= parts.Length; next++)
                    {
                        reachable[p + 1, next] = true;
                    }
                }
                else if (s < parts.Length && MatchSegment(segments[p], parts[s]))
                {
                    reachable[p + 1, s + 1] = true;
                }
            }
        }

        return reachable[segments.Length, parts.Length];
    }

    private static bool MatchSegment(string pattern, string text)
    {
        // Classic wildcard DP over characters: row[t] = pattern[0, p) matches text[0, t).
        var row = new bool[text.Length + 1];
        row[0] = true;
        foreach (var c in pattern)
        {
            var next = new bool[text.Length + 1];
            if (c == '*')
            {
                var any = false;
                for (var t = 0; t <= text.Length; t++)
                {
                    any |= row[t];
                    next[t] = any;
                }
            }
            else
            {
                for (var t = 1; t <= text.Length; t++)
                {
                    next[t] = row[t - 1] && (c == '?' || text[t - 1] == c);
                }
            }

            row = next;
        }

        return row[text.Length];
    }
}
