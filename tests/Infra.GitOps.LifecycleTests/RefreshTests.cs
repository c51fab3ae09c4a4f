using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Providers;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class RefreshTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task RefreshAsync_ResourceDrifted_ReportsDiffAndRecordsActualState()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder().Add("vm", Obj(("memory", Num(256)))).Add("gone", Obj(("n", Num(1)))).Build();
        await lifecycle.UpAsync(graph);
        var cloud = await lifecycle.Cloud.ListAsync(CancellationToken.None);
        var vm = cloud.Single(r => r.Urn.Name == "vm");
        await lifecycle.Cloud.PutAsync(vm with { Outputs = vm.Outputs.With("memory", Num(1024)) }, CancellationToken.None);
        await lifecycle.Cloud.RemoveAsync(cloud.Single(r => r.Urn.Name == "gone").Id, CancellationToken.None);

        var result = await lifecycle.RefreshAsync(graph);

        var drift = result.Plan.Steps.Single(s => s.Urn.Name == "vm");
        Assert.Multiple(() =>
        {
            Assert.That(drift.Operation, Is.EqualTo(StepOperation.Refresh));
            Assert.That(drift.Diff, Is.EqualTo(new[] { new PropertyChange("memory", PropertyDiffKind.Update, Num(256), Num(1024)) }));
            Assert.That(result.Plan.Steps.Single(s => s.Urn.Name == "gone").NewState, Is.Null);
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn.Name == "vm").Outputs["memory"], Is.EqualTo(Num(1024)));
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Does.Not.Contain("gone"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RefreshAsync_NoDrift_AllSame()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder().Add("vm", Obj(("memory", Num(256)))).Build();
        await lifecycle.UpAsync(graph);

        var result = await lifecycle.RefreshAsync(graph);

        Assert.That(result.Plan.Steps.Select(s => s.Operation), Is.All.EqualTo(StepOperation.Same));
    }
}
