using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class RetainOnDeleteTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_RetainedResourceRemoved_LeavesStateButNotCloud()
    {
        var lifecycle = new Lifecycle();
        await lifecycle.UpAsync(new GraphBuilder().Add("bucket", Obj(("n", Num(1))), options: ResourceOptions.Default with { RetainOnDelete = true }).Build());
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(new GraphBuilder().Build());

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete), Is.Empty);
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn), Does.Not.Contain(GraphBuilder.UrnOf("bucket")));
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { GraphBuilder.UrnOf("bucket").Value }));
    }
}
