using System.Text;

namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>Escaping of user text for Markdown, HTML, code fences and Mermaid labels.</summary>
internal static class MarkdownText
{
    /// <summary>Text safe inside a paragraph or table cell: no HTML, no emphasis, no links, one line.</summary>
    public static string Inline(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\r': break;
                case '\n': builder.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '!' or '$':
                    builder.Append('\\').Append(c);
                    break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Text for a code span: backticks cannot close it, newlines become spaces.</summary>
    public static string Code(string text)
    {
        var flat = OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);
        var run = LongestRun(flat, '`');
        var ticks = new string('`', run + 1);
        var pad = flat.StartsWith('`') || flat.EndsWith('`') ? " " : string.Empty;
        return ticks + pad + flat + pad + ticks;
    }

    /// <summary>One line: carriage returns dropped, line feeds shown as <c>\n</c>.</summary>
    public static string OneLine(string text) =>
        text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A fence that no backtick run of <paramref name="content"/> can close.</summary>
    public static string FenceFor(string content) => new('`', Math.Max(3, LongestRun(content, '`') + 1));

    /// <summary>A Mermaid label: quotes, angle brackets and backticks as Mermaid entity codes.</summary>
    public static string Mermaid(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in OneLine(text))
        {
            builder.Append(c switch
            {
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '`' => "#96;",
                '#' => "#35;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>A relative path with each segment percent-encoded for a URL.</summary>
    public static string UrlPath(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    internal static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
