using System.Text;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Rendering;

/// <summary>
/// Renders a <see cref="ResourceGraph"/> in Graphviz DOT for <c>infra-gitops graph --format dot</c>: each
/// component is a <c>cluster</c> subgraph holding its children, every other resource a box (the root stack is left
/// out), and an edge runs from each dependency to its dependent. Labels show name and type only, so nothing
/// secret is shown. Deterministic; no state.
/// </summary>
public static class GraphDotWriter
{
    /// <summary>Writes the digraph to <paramref name="writer"/> with <c>\n</c> line ends.</summary>
    public static void Write(ResourceGraph graph, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Render(graph));
    }

    /// <summary>The digraph as text.</summary>
    public static string Render(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ids = GraphRenderIds.Assign(graph);
        var children = GraphRenderIds.ChildrenByParent(graph);
        var builder = new StringBuilder();
        builder.Append("digraph ").Append(Quote($"{graph.Project}-{graph.Stack}")).Append(" {\n");
        builder.Append("  rankdir=LR;\n");
        builder.Append("  node [shape=box];\n");
        foreach (var resource in graph.Resources)
        {
            if (resource.Parent is { } parent && parent == graph.RootUrn)
            {
                WriteResource(builder, resource, ids, children, 1);
            }
        }

        foreach (var resource in graph.Resources)
        {
            foreach (var dependency in resource.Dependencies)
            {
                if (ids.TryGetValue(dependency, out var from))
                {
                    builder.Append("  ").Append(from).Append(" -> ").Append(ids[resource.Urn]).Append(";\n");
                }
            }
        }

        builder.Append("}\n");
        return builder.ToString();
    }

    private static void WriteResource(StringBuilder builder, GraphResource resource, Dictionary<Urn, string> ids, Dictionary<Urn, List<GraphResource>> children, int depth)
    {
        var indent = new string(' ', depth * 2);
        var label = Quote(resource.Urn.Name + "\n" + resource.Type.Token);
        if (!resource.Custom && children.TryGetValue(resource.Urn, out var members))
        {
            builder.Append(indent).Append("subgraph cluster_").Append(ids[resource.Urn]).Append(" {\n");
            builder.Append(indent).Append("  label=").Append(label).Append(";\n");
            foreach (var child in members)
            {
                WriteResource(builder, child, ids, children, depth + 1);
            }

            builder.Append(indent).Append("}\n");
            return;
        }

        builder.Append(indent).Append(ids[resource.Urn]).Append(" [label=").Append(label)
            .Append(resource.Custom ? string.Empty : ", style=rounded").Append("];\n");
    }

    /// <summary>A DOT quoted string: backslash and quote escaped, newlines as <c>\n</c>.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
