using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Providers;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class UpdateTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_InputChanged_UpdatesInPlaceWithDiff()
    {
        var lifecycle = new Lifecycle();
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("memory", Num(256)), ("name", Str("web")))).Build());
        var before = (await lifecycle.StateAsync()).Resources.Single(r => r.Urn == GraphBuilder.UrnOf("vm"));
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("memory", Num(512)), ("name", Str("web")))).Build());

        var step = result.Plan.Steps.Single(s => s.Urn == GraphBuilder.UrnOf("vm"));
        var after = result.Snapshot.Resources.Single(r => r.Urn == GraphBuilder.UrnOf("vm"));
        Assert.Multiple(() =>
        {
            Assert.That(step.Operation, Is.EqualTo(StepOperation.Update));
            Assert.That(step.Diff, Is.EqualTo(new[] { new PropertyChange("memory", PropertyDiffKind.Update, Num(256), Num(512)) }));
            Assert.That(step.DiffReasons, Is.EqualTo(new[] { "memory" }));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Update), Has.Count.EqualTo(1));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Is.Empty);
            Assert.That(after.Id, Is.EqualTo(before.Id));
            Assert.That(after.Inputs["memory"], Is.EqualTo(Num(512)));
            Assert.That(result.Plan.ChangeSummary[StepOperation.Update], Is.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_ProviderDiffUnknown_FallsBackToStructuralDiff()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { DiffUnknown = true };
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("tags", Obj(("env", Str("dev")), ("team", Str("a")))))).Build());

        var plan = await lifecycle.PreviewAsync(new GraphBuilder().Add("vm", Obj(("tags", Obj(("env", Str("prod")), ("team", Str("a")))))).Build());

        var step = plan.Steps.Single(s => s.Urn == GraphBuilder.UrnOf("vm"));
        Assert.Multiple(() =>
        {
            Assert.That(step.Operation, Is.EqualTo(StepOperation.Update));
            Assert.That(step.Diff, Is.EqualTo(new[] { new PropertyChange("tags.env", PropertyDiffKind.Update, Str("dev"), Str("prod")) }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_DependencyUpdated_DependentSeesNewOutput()
    {
        var lifecycle = new Lifecycle();
        var first = new GraphBuilder();
        first.Add("net", Obj(("cidr", Str("10.0.0.0/24"))));
        first.Add("vm", Obj(("range", Ref(first["net"], "cidr"))));
        await lifecycle.UpAsync(first.Build());

        var second = new GraphBuilder();
        second.Add("net", Obj(("cidr", Str("10.1.0.0/24"))));
        second.Add("vm", Obj(("range", Ref(second["net"], "cidr"))));
        var preview = await lifecycle.PreviewAsync(second.Build());
        var result = await lifecycle.UpAsync(second.Build());

        Assert.Multiple(() =>
        {
            Assert.That(preview.Steps.Single(s => s.Urn == second["vm"]).Diff.Single().New, Is.EqualTo(Infra.GitOps.Model.UnknownValue.Instance));
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn == second["vm"]).Inputs["range"], Is.EqualTo(Str("10.1.0.0/24")));
        });
    }
}
