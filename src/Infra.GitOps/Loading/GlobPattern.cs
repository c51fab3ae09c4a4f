namespace Infra.GitOps.Loading;

/// <summary>
/// A glob relative to the repository root: <c>*</c> and <c>?</c> match within one path segment, <c>**</c> matches
/// any number of whole segments (zero included). Matching is ordinal and linear-time with one backtracking point
/// per level, so no pattern can make it blow up. Globs with <c>..</c>, a leading <c>/</c>, a drive letter, a
/// backslash or an empty segment are rejected: a glob can never name a file outside the repository.
/// </summary>
internal sealed class GlobPattern
{
    private const string AnySegments = "**";

    private readonly string[] segments;

    private GlobPattern(string text, string[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/>; on failure returns null and the reason.</summary>
    public static GlobPattern? TryCreate(string text, out string? error)
    {
        error = null;
        if (text.Contains('\\', StringComparison.Ordinal))
        {
            error = DiagnosticMessages.GlobBackslash;
        }
        else if (text.StartsWith('/') || (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':'))
        {
            error = DiagnosticMessages.GlobAbsolute;
        }
        else
        {
            var parts = text.Split('/');
            var kept = new List<string>(parts.Length);
            foreach (var part in parts)
            {
                if (part == "..")
                {
                    error = DiagnosticMessages.GlobParentSegment;
                    break;
                }

                if (part.Length == 0)
                {
                    error = DiagnosticMessages.GlobEmpty;
                    break;
                }

                if (part != ".")
                {
                    kept.Add(part);
                }
            }

            if (error is null && kept.Count == 0)
            {
                error = DiagnosticMessages.GlobEmpty;
            }

            if (error is null)
            {
                return new GlobPattern(text, [.. kept]);
            }
        }

        return null;
    }

    /// <summary>True when the path (split into its <c>/</c>-separated segments) matches.</summary>
    public bool IsMatch(string[] path)
    {
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < path.Length)
        {
            if (p < segments.Length && segments[p] == AnySegments)
            {
                starP = p++;
                starS = s;
            }
            else if (p < segments.Length && IsSegmentMatch(segments[p], path[s]))
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }

        while (p < segments.Length && segments[p] == AnySegments)
        {
            p++;
        }

        return p == segments.Length;
    }

    private static bool IsSegmentMatch(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
