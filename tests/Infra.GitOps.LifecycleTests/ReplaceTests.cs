using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class ReplaceTests
{
    private static readonly Urn Disk = GraphBuilder.UrnOf("disk");

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ReplaceKeyChanged_CreatesReplacementBeforeDeletingOld()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { ReplaceKeys = ["size"] };
        await lifecycle.UpAsync(Graph(1));
        var oldId = (await lifecycle.StateAsync()).Resources.Single(r => r.Urn == Disk).Id;
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(Graph(2));

        var mutating = lifecycle.Provider.Calls.Where(c => c.Operation is FakeOperation.Create or FakeOperation.Delete).ToList();
        var ops = result.Plan.Steps.Where(s => s.Urn == Disk).Select(s => s.Operation);
        Assert.Multiple(() =>
        {
            Assert.That(ops, Is.EqualTo(new[] { StepOperation.CreateReplacement, StepOperation.Replace, StepOperation.DeleteReplaced }));
            Assert.That(mutating.Select(c => c.Operation), Is.EqualTo(new[] { FakeOperation.Create, FakeOperation.Delete }));
            Assert.That(mutating[1].Id, Is.EqualTo(oldId));
            Assert.That(result.Plan.Steps.Single(s => s.Operation == StepOperation.Replace).ReplaceReasons, Is.EqualTo(new[] { "size" }));
            Assert.That(result.Plan.ChangeSummary[StepOperation.Replace], Is.EqualTo(1));
            Assert.That(result.Plan.ChangeSummary[StepOperation.Delete], Is.Zero, "a replacement counts once");
            Assert.That(result.Snapshot.Resources.Count(r => r.Urn == Disk), Is.EqualTo(1));
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn == Disk).Id, Is.Not.EqualTo(oldId));
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { Disk.Value }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ProviderAsksDeleteBeforeReplace_DeletesOldFirst()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { ReplaceKeys = ["size"], DeleteBeforeReplace = true };
        await lifecycle.UpAsync(Graph(1));
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(Graph(2));

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Steps.Where(s => s.Urn == Disk).Select(s => s.Operation), Is.EqualTo(new[] { StepOperation.DeleteReplaced, StepOperation.Replace, StepOperation.CreateReplacement }));
            Assert.That(lifecycle.Provider.Calls.Where(c => c.Operation is FakeOperation.Create or FakeOperation.Delete).Select(c => c.Operation), Is.EqualTo(new[] { FakeOperation.Delete, FakeOperation.Create }));
            Assert.That(result.Succeeded, Is.True);
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { Disk.Value }));
    }

    [TestCase(true, false, ExpectedResult = new[] { FakeOperation.Create, FakeOperation.Delete })]
    [TestCase(false, true, ExpectedResult = new[] { FakeOperation.Delete, FakeOperation.Create })]
    [CancelAfter(10_000)]
    public async Task<FakeOperation[]> UpAsync_OptionDisagreesWithProvider_OptionWins(bool providerSays, bool option)
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { ReplaceKeys = ["size"], DeleteBeforeReplace = providerSays };
        var options = ResourceOptions.Default with { DeleteBeforeReplace = option };
        await lifecycle.UpAsync(Graph(1, options));
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(Graph(2, options));

        Assert.That(result.Succeeded, Is.True);
        return lifecycle.Provider.Calls.Where(c => c.Operation is FakeOperation.Create or FakeOperation.Delete).Select(c => c.Operation).ToArray();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ReplacedDependency_DependentUpdatedBeforeOldCopyDeleted()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { ReplaceKeys = ["size"] };
        await lifecycle.UpAsync(WithDependent(1));
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(WithDependent(2));

        var calls = lifecycle.Provider.Calls.Where(c => c.Operation is FakeOperation.Create or FakeOperation.Update or FakeOperation.Delete).Select(c => (c.Operation, c.Urn.Name)).ToList();
        var newDiskId = result.Snapshot.Resources.Single(r => r.Urn == Disk).Id;
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(new[] { (FakeOperation.Create, "disk"), (FakeOperation.Update, "vm"), (FakeOperation.Delete, "disk") }));
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn.Name == "vm").Inputs["disk"], Is.EqualTo(Str(newDiskId!)));
        });
    }

    private static Infra.GitOps.Graph.ResourceGraph Graph(int size, ResourceOptions? options = null) =>
        new GraphBuilder().Add("disk", Obj(("size", Num(size))), options: options).Build();

    private static Infra.GitOps.Graph.ResourceGraph WithDependent(int size)
    {
        var graph = new GraphBuilder().Add("disk", Obj(("size", Num(size))));
        return graph.Add("vm", Obj(("disk", Ref(graph["disk"], "id")))).Build();
    }
}
