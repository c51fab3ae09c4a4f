using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class IgnoreChangesTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_OnlyIgnoredPathChanged_SameAndOldValueKept()
    {
        var lifecycle = new Lifecycle();
        var options = ResourceOptions.Default with { IgnoreChanges = ["tags.owner"] };
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("tags", Obj(("owner", Str("alice")), ("env", Str("dev"))))), options: options).Build());
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("tags", Obj(("owner", Str("bob")), ("env", Str("dev"))))), options: options).Build());

        var state = result.Snapshot.Resources.Single(r => r.Urn == GraphBuilder.UrnOf("vm"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Steps.Single(s => s.Urn == GraphBuilder.UrnOf("vm")).Operation, Is.EqualTo(StepOperation.Same));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Update), Is.Empty);
            Assert.That(((ObjectValue)state.Inputs["tags"]!)["owner"], Is.EqualTo(Str("alice")));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_IgnoredAndOtherPathChanged_UpdateKeepsIgnoredValue()
    {
        var lifecycle = new Lifecycle();
        var options = ResourceOptions.Default with { IgnoreChanges = ["owner"] };
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("owner", Str("alice")), ("size", Num(1))), options: options).Build());

        var result = await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("owner", Str("bob")), ("size", Num(2))), options: options).Build());

        var update = lifecycle.Provider.CallsOf(FakeOperation.Update).Single();
        Assert.Multiple(() =>
        {
            Assert.That(update.Inputs!["owner"], Is.EqualTo(Str("alice")));
            Assert.That(update.Inputs!["size"], Is.EqualTo(Num(2)));
            Assert.That(result.Plan.Steps.Single(s => s.Urn == GraphBuilder.UrnOf("vm")).DiffReasons, Is.EqualTo(new[] { "size" }));
        });
    }
}
