namespace Infra.GitOps.Graph.Translation;

/// <summary>Did-you-mean suggestions by edit distance (only computed on the error path).</summary>
internal static class NameSuggester
{
    /// <summary>The closest candidate within a distance that grows with the name's length, or null; ties go to
    /// the ordinally smallest candidate so that messages are deterministic.</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        var limit = Math.Clamp(name.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }

            var distance = Distance(name, candidate);
            if (distance <= limit && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance with two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
