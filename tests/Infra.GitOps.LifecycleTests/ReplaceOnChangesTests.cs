using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class ReplaceOnChangesTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_ReplaceOnChangesPathChanged_ReplaceWithReason()
    {
        var lifecycle = new Lifecycle();
        var options = ResourceOptions.Default with { ReplaceOnChanges = ["spec.image"] };
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("spec", Obj(("image", Str("a")), ("cpus", Num(1))))), options: options).Build());

        var plan = await lifecycle.PreviewAsync(new GraphBuilder().Add("vm", Obj(("spec", Obj(("image", Str("b")), ("cpus", Num(1))))), options: options).Build());

        var replace = plan.Steps.Single(s => s.Operation == StepOperation.Replace);
        Assert.Multiple(() =>
        {
            Assert.That(replace.ReplaceReasons, Is.EqualTo(new[] { "spec" }));
            Assert.That(replace.Diff.Single().Kind, Is.EqualTo(PropertyDiffKind.UpdateReplace));
            Assert.That(replace.Diff.Single().Path, Is.EqualTo("spec.image"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_OtherPathChanged_UpdateOnly()
    {
        var lifecycle = new Lifecycle();
        var options = ResourceOptions.Default with { ReplaceOnChanges = ["spec.image"] };
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("spec", Obj(("image", Str("a")), ("cpus", Num(1))))), options: options).Build());

        var plan = await lifecycle.PreviewAsync(new GraphBuilder().Add("vm", Obj(("spec", Obj(("image", Str("a")), ("cpus", Num(2))))), options: options).Build());

        Assert.That(plan.Steps.Single(s => s.Urn == GraphBuilder.UrnOf("vm")).Operation, Is.EqualTo(StepOperation.Update));
    }
}
