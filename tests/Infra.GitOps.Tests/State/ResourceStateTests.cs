using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.State;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

public class ResourceStateTests
{
    [Test]
    public void ReferencedUrns_EveryKindOfReference_ProviderParentDependenciesThenPropertyDependencies()
    {
        var state = StateSamples.Domain("web", StateSamples.UrnOf("disk"), StateSamples.UrnOf("net")) with
        {
            PropertyDependencies = ImmutableSortedDictionary.CreateRange(
                StringComparer.Ordinal,
                [
                    KeyValuePair.Create("b", ImmutableArray.Create(StateSamples.UrnOf("pool"), StateSamples.UrnOf("image"))),
                    KeyValuePair.Create("a", ImmutableArray<Urn>.Empty),
                    KeyValuePair.Create("c", ImmutableArray.Create(StateSamples.UrnOf("disk"))),
                ]),
        };

        Assert.That(Referenced(state), Is.EqualTo(new[]
        {
            StateSamples.ProviderUrn.Value,
            StateSamples.StackUrn.Value,
            StateSamples.UrnOf("disk").Value,
            StateSamples.UrnOf("net").Value,
            StateSamples.UrnOf("pool").Value,
            StateSamples.UrnOf("image").Value,
            StateSamples.UrnOf("disk").Value,
        }));
    }

    [Test]
    public void ReferencedUrns_NothingReferenced_IsEmpty()
    {
        var state = new ResourceState { Urn = StateSamples.UrnOf("bare"), Custom = true, Type = new ResourceType("libvirt:index/network:Network"), Dependencies = default };

        Assert.That(Referenced(state), Is.Empty);
    }

    private static List<string> Referenced(ResourceState state)
    {
        var urns = new List<string>();
        foreach (var urn in state.ReferencedUrns())
        {
            urns.Add(urn.ToString());
        }

        return urns;
    }
}
