namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// A stack's <c>sources</c> glob, matched against repository paths segment by segment as the loader does:
/// <c>*</c> and <c>?</c> within one segment, <c>**</c> across any number of segments (none included). Ordinal,
/// case-sensitive, as Git paths are.
/// </summary>
internal sealed class SourceGlob
{
    private readonly string[] segments;

    public SourceGlob(string pattern)
    {
        segments = pattern.Trim().TrimStart('.', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    public bool IsMatch(string path) => Match(segments, 0, path.Split('/'), 0);

    private static bool Match(string[] pattern, int p, string[] path, int s)
    {
        while (p < pattern.Length)
        {
            if (pattern[p] == "**")
            {
                for (var skip = s; skip <= path.Length; skip++)
                {
                    if (Match(pattern, p + 1, path, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (s >= path.Length || !MatchSegment(pattern[p], 0, path[s], 0))
            {
                return false;
            }

            p++;
            s++;
        }

        return s == path.Length;
    }

    private static bool MatchSegment(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    for (var skip = t; skip <= text.Length; skip++)
                    {
                        if (MatchSegment(pattern, p + 1, text, skip))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (t >= text.Length)
                    {
                        return false;
                    }

                    break;
                default:
                    if (t >= text.Length || text[t] != pattern[p])
                    {
                        return false;
                    }

                    break;
            }

            p++;
            t++;
        }

        return t == text.Length;
    }
}
