namespace Infra.GitOps.Loading.Schema;

/// <summary>"Did you mean" suggestions: the closest candidate by optimal-string-alignment (Damerau-Levenshtein)
/// distance, ignoring case, only when it is close enough to be a likely typo.</summary>
internal static class ClosestMatch
{
    public static string? Find(string text, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = text.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            var candidateLower = candidate.ToLowerInvariant();
            var distance = Distance(lower, candidateLower);
            var threshold = candidate.Length <= 4 ? 1 : candidate.Length <= 8 ? 2 : 3;
            var prefix = lower.Length >= 3 && (candidateLower.StartsWith(lower, StringComparison.Ordinal) || lower.StartsWith(candidateLower, StringComparison.Ordinal));
            if ((distance <= threshold || prefix) && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            // Long keys are never typos of our short property names; skip the quadratic work.
            return Math.Abs(a.Length - b.Length) + 64;
        }

        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            rows[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, rows[i - 2, j - 2] + 1);
                }

                rows[i, j] = value;
            }
        }

        return rows[a.Length, b.Length];
    }
}
