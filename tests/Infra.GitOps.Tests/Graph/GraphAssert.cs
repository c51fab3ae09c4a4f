using NUnit.Framework;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Tests.Graph;

/// <summary>Lookups over a built graph for assertions.</summary>
internal static class GraphAssert
{
    public static GraphResource Resource(this ResourceGraph graph, string urn)
    {
        var found = graph.Resources.Where(r => r.Urn.Value == urn).ToList();
        Assert.That(found, Has.Count.EqualTo(1), () => $"no resource {urn}; have:\n" + string.Join("\n", graph.Resources.Select(r => r.Urn.Value)));
        return found[0];
    }

    public static PropertyValue? Input(this GraphResource resource, string key) => resource.Inputs[key];

    public static IReadOnlyList<string> Urns(this ResourceGraph graph) => graph.Resources.Select(r => r.Urn.Value).ToList();

    public static int IndexOf(this ResourceGraph graph, string urn) => graph.Resources.Select(r => r.Urn.Value).ToList().IndexOf(urn);

    /// <summary>The only error of a failed build, asserted to exist.</summary>
    public static Diagnostic SingleError(this LoadResult<ResourceGraph> result, string code)
    {
        Assert.That(result.HasErrors, Is.True, "expected errors");
        var matching = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), () => "diagnostics:\n" + string.Join("\n", result.Diagnostics));
        return matching[0];
    }
}
