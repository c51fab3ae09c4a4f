using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Rendering;

/// <summary>Short node ids (<c>n0</c>, <c>n1</c>...) in graph order and the children of each resource, shared by
/// the diagram writers.</summary>
internal static class GraphRenderIds
{
    public static Dictionary<Urn, string> Assign(ResourceGraph graph)
    {
        var ids = new Dictionary<Urn, string>(graph.Resources.Length);
        for (var i = 0; i < graph.Resources.Length; i++)
        {
            ids[graph.Resources[i].Urn] = "n" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ids;
    }

    public static Dictionary<Urn, List<GraphResource>> ChildrenByParent(ResourceGraph graph)
    {
        var children = new Dictionary<Urn, List<GraphResource>>();
        foreach (var resource in graph.Resources)
        {
            if (resource.Parent is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(resource);
            }
        }

        return children;
    }
}
