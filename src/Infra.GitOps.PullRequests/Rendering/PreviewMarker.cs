namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>
/// The hidden HTML comment a preview comment starts with: <c>&lt;!-- infra-gitops:preview --&gt;</c>, or
/// <c>&lt;!-- infra-gitops:preview stack=dev --&gt;</c> for a preview filtered to one stack, so that each filter
/// has its own comment and a later run updates the same one.
/// </summary>
public static class PreviewMarker
{
    /// <summary>The marker of an unfiltered preview.</summary>
    public const string Default = "<!-- infra-gitops:preview -->";

    /// <summary>The marker for a stack filter (or none).</summary>
    public static string For(string? stackFilter) =>
        string.IsNullOrEmpty(stackFilter)
            ? Default
            : $"<!-- infra-gitops:preview stack={stackFilter.Replace("--", "-\u200B-", StringComparison.Ordinal)} -->";

    /// <summary>True when <paramref name="body"/> is a comment carrying exactly <paramref name="marker"/> on its first line.</summary>
    public static bool Marks(string? body, string marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        if (body is null || !body.StartsWith(marker, StringComparison.Ordinal))
        {
            return false;
        }

        return body.Length == marker.Length || body[marker.Length] is '\n' or '\r';
    }
}
