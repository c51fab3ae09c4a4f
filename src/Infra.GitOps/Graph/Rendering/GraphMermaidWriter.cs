using System.Text;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Rendering;

/// <summary>
/// Renders a <see cref="ResourceGraph"/> as a Mermaid flowchart for <c>infra-gitops graph --format mermaid</c>:
/// each component is a subgraph holding its children, every other resource a node (the root stack is left out:
/// everything hangs off it), and an arrow runs from each dependency to its dependent, the order in which they
/// are created. Nodes are labelled with name and type only, so nothing secret is shown. Deterministic; no state.
/// </summary>
public static class GraphMermaidWriter
{
    /// <summary>Writes the flowchart to <paramref name="writer"/> with <c>\n</c> line ends.</summary>
    public static void Write(ResourceGraph graph, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Render(graph));
    }

    /// <summary>The flowchart as text.</summary>
    public static string Render(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ids = GraphRenderIds.Assign(graph);
        var children = GraphRenderIds.ChildrenByParent(graph);
        var builder = new StringBuilder();
        builder.Append("flowchart LR\n");
        builder.Append("  %% ").Append(Escape($"{graph.Project}/{graph.Stack}")).Append('\n');
        foreach (var resource in graph.Resources)
        {
            if (resource.Parent is not { } parent || parent != graph.RootUrn)
            {
                continue;
            }

            WriteResource(builder, resource, ids, children, 1);
        }

        foreach (var resource in graph.Resources)
        {
            foreach (var dependency in resource.Dependencies)
            {
                if (ids.TryGetValue(dependency, out var from))
                {
                    builder.Append("  ").Append(from).Append(" --> ").Append(ids[resource.Urn]).Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    private static void WriteResource(StringBuilder builder, GraphResource resource, Dictionary<Urn, string> ids, Dictionary<Urn, List<GraphResource>> children, int depth)
    {
        var indent = new string(' ', depth * 2);
        var label = Escape(resource.Urn.Name) + "<br/>" + Escape(resource.Type.Token);
        if (!resource.Custom && children.TryGetValue(resource.Urn, out var members))
        {
            builder.Append(indent).Append("subgraph ").Append(ids[resource.Urn]).Append("[\"").Append(label).Append("\"]\n");
            foreach (var child in members)
            {
                WriteResource(builder, child, ids, children, depth + 1);
            }

            builder.Append(indent).Append("end\n");
            return;
        }

        var (open, close) = resource.Custom ? ("[\"", "\"]") : ("([\"", "\"])");
        builder.Append(indent).Append(ids[resource.Urn]).Append(open).Append(label).Append(close).Append('\n');
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("#quot;");
                    break;
                case '<':
                    builder.Append("#lt;");
                    break;
                case '>':
                    builder.Append("#gt;");
                    break;
                case '#':
                    builder.Append("#35;");
                    break;
                case '\n' or '\r':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
