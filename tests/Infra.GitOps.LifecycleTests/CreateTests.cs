using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class CreateTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_NewStack_CreatesDependencyFirstAndResolvesReferences()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("net", Obj(("cidr", Str("10.0.0.0/24"))));
        graph.Add("vm", Obj(("network", Ref(graph["net"], "id")), ("url", Interp(Str("http://"), Ref(graph["net"], "cidr"), Str("/x")))));

        var result = await lifecycle.UpAsync(graph.Build());

        var creates = lifecycle.Provider.CallsOf(FakeOperation.Create);
        var net = result.Snapshot.Resources.Single(r => r.Urn == graph["net"]);
        var vm = result.Snapshot.Resources.Single(r => r.Urn == graph["vm"]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(creates.Select(c => c.Urn), Is.EqualTo(new[] { graph["net"], graph["vm"] }));
            Assert.That(vm.Inputs["network"], Is.EqualTo(new StringValue(net.Id!)));
            Assert.That(vm.Inputs["url"], Is.EqualTo(Str("http://10.0.0.0/24/x")));
            Assert.That(result.Plan.ChangeSummary[StepOperation.Create], Is.EqualTo(3), "root stack, net, vm");
            Assert.That(result.Snapshot.PendingOperations, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_ReferenceToResourceBeingCreated_IsUnknownAndCallsNoMutatingMethod()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("net", Obj(("cidr", Str("10.0.0.0/24"))));
        graph.Add("vm", Obj(("network", Ref(graph["net"], "id"))));

        var plan = await lifecycle.PreviewAsync(graph.Build());

        var vmStep = plan.Steps.Single(s => s.Urn == graph["vm"]);
        Assert.Multiple(() =>
        {
            Assert.That(vmStep.Operation, Is.EqualTo(StepOperation.Create));
            Assert.That(vmStep.NewInputs!["network"], Is.SameAs(UnknownValue.Instance));
            Assert.That(vmStep.DependsOn, Does.Contain(plan.Steps.Single(s => s.Urn == graph["net"]).Index));
            Assert.That(lifecycle.Provider.Calls.Select(c => c.Operation), Is.All.AnyOf(FakeOperation.Configure, FakeOperation.Check, FakeOperation.Diff, FakeOperation.Read));
            Assert.That(PlanJson.Serialize(plan), Does.Contain(UnknownValue.Sentinel));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_SecondRunWithoutChanges_AllSameAndNoProviderWrites()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("net", Obj(("cidr", Str("10.0.0.0/24"))));
        graph.Add("vm", Obj(("network", Ref(graph["net"], "id"))));
        await lifecycle.UpAsync(graph.Build());
        lifecycle.Provider.ClearCalls();

        var second = await lifecycle.UpAsync(graph.Build());

        Assert.Multiple(() =>
        {
            Assert.That(second.Plan.Steps.Select(s => s.Operation), Is.All.EqualTo(StepOperation.Same));
            Assert.That(second.Plan.ChangeSummary.HasChanges, Is.False);
            Assert.That(lifecycle.Provider.Calls.Select(c => c.Operation), Has.None.AnyOf(FakeOperation.Create, FakeOperation.Update, FakeOperation.Delete));
        });
    }
}
