using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Tests.Support;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests;

public class DependencyOrderTests
{
    private static CompiledStack Stack(string name, params string[] dependsOn) =>
        ScriptedRepository.Stack(name, new ReconcileSettings { DependsOn = [.. dependsOn] });

    private static string[] Names(ImmutableArray<CompiledStack> stacks) => stacks.Select(s => s.Name).ToArray();

    [Test]
    public void Sort_DependenciesComeFirst_OthersKeepTheirOrder()
    {
        ImmutableArray<CompiledStack> stacks = [Stack("app", "db", "net"), Stack("db", "net"), Stack("docs"), Stack("net")];

        Assert.That(Names(DependencyOrder.Sort(stacks)), Is.EqualTo(new[] { "net", "db", "app", "docs" }));
    }

    [Test]
    public void Sort_UnknownNamesAndCycles_ListEveryStackOnce()
    {
        // The loader reports both as errors; the order must still hold every stack exactly once.
        ImmutableArray<CompiledStack> stacks = [Stack("a", "b", "gone"), Stack("b", "c"), Stack("c", "a"), Stack("d", "d")];

        var order = Names(DependencyOrder.Sort(stacks));

        Assert.That(order, Is.EquivalentTo(new[] { "a", "b", "c", "d" }));
        Assert.That(order.Take(3), Is.EqualTo(new[] { "c", "b", "a" }), "the cycle is broken at the stack met first");
    }

    [Test]
    public void Sort_ChainOf20000Stacks_DoesNotRecurse()
    {
        var stacks = Enumerable.Range(0, 20_000).Select(i => i == 0 ? Stack("s0") : Stack($"s{i}", $"s{i - 1}")).Reverse().ToImmutableArray();

        var order = Names(DependencyOrder.Sort(stacks));

        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 20_000).Select(i => $"s{i}")));
    }
}
