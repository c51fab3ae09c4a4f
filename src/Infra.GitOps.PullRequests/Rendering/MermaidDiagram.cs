using System.Globalization;
using System.Text;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;

namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>
/// A Mermaid flowchart of the changed part of a stack's graph: every changed resource (up to a limit), the
/// unchanged resources they depend on directly, and the dependency edges between them (dependency -&gt; dependent).
/// </summary>
internal static class MermaidDiagram
{
    public static string Render(IReadOnlyList<PreviewStep> steps, int maxChangedNodes)
    {
        var changed = steps.Where(s => s.IsChange).ToList();
        var shown = changed.Take(maxChangedNodes).ToList();
        var byUrn = new Dictionary<Urn, PreviewStep>();
        foreach (var step in steps)
        {
            byUrn.TryAdd(step.Urn, step);
        }

        var ids = new Dictionary<Urn, string>();
        var nodes = new List<(string Id, PreviewStep Step, string Class)>();
        foreach (var step in shown)
        {
            if (ids.TryAdd(step.Urn, "n" + ids.Count.ToString(CultureInfo.InvariantCulture)))
            {
                nodes.Add((ids[step.Urn], step, step.Operation.ToString().ToLowerInvariant()));
            }
        }

        foreach (var step in shown)
        {
            foreach (var dependency in step.Dependencies)
            {
                if (!ids.ContainsKey(dependency) && byUrn.TryGetValue(dependency, out var neighbour) && nodes.Count < maxChangedNodes * 2)
                {
                    ids.Add(dependency, "n" + ids.Count.ToString(CultureInfo.InvariantCulture));
                    nodes.Add((ids[dependency], neighbour, neighbour.IsChange ? neighbour.Operation.ToString().ToLowerInvariant() : "same"));
                }
            }
        }

        var builder = new StringBuilder("```mermaid\nflowchart LR\n");
        foreach (var (id, step, cssClass) in nodes)
        {
            var symbol = cssClass == "same" ? string.Empty : StackSection.Symbol(step.Operation) + " ";
            builder.Append("  ").Append(id).Append("[\"").Append(MarkdownText.Mermaid(symbol + step.Name))
                .Append("<br/>").Append(MarkdownText.Mermaid(step.Type.Token ?? string.Empty)).Append("\"]:::").Append(cssClass).Append('\n');
        }

        foreach (var (id, step, _) in nodes)
        {
            foreach (var dependency in step.Dependencies)
            {
                if (ids.TryGetValue(dependency, out var from) && from != id)
                {
                    builder.Append("  ").Append(from).Append(" --> ").Append(id).Append('\n');
                }
            }
        }

        builder.Append("  classDef create fill:#dafbe1,stroke:#1a7f37\n")
            .Append("  classDef update fill:#fff8c5,stroke:#9a6700\n")
            .Append("  classDef delete fill:#ffebe9,stroke:#cf222e\n")
            .Append("  classDef replace fill:#ffebe9,stroke:#cf222e,stroke-width:3px\n")
            .Append("  classDef same fill:#f6f8fa,stroke:#8c959f\n")
            .Append("```\n\n");
        if (changed.Count > shown.Count)
        {
            builder.Append(string.Create(CultureInfo.InvariantCulture, $"The diagram shows the first {shown.Count:N0} of {changed.Count:N0} changed resources.\n\n"));
        }

        return builder.ToString();
    }
}
