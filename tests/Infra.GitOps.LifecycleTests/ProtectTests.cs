using Infra.GitOps.Loading;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class ProtectTests
{
    private static readonly ResourceOptions Protected = ResourceOptions.Default with { Protect = true };

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ProtectedResourceRemoved_ErrorDiagnosticAndNothingDeleted()
    {
        var lifecycle = new Lifecycle();
        await lifecycle.UpAsync(new GraphBuilder().Add("db", Obj(("n", Num(1))), options: Protected).Add("other", Obj(("n", Num(1)))).Build());
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(new GraphBuilder().Build());

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Diagnostics.Select(d => (d.Severity, d.Code)), Is.EqualTo(new[] { (Severity.Error, DiagnosticMessages.ProtectedDeleteCode) }));
            Assert.That(result.Plan.Diagnostics[0].Message, Does.Contain(GraphBuilder.UrnOf("db").Value));
            Assert.That(result.Apply, Is.Null);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete), Is.Empty);
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Has.Count.EqualTo(2));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_ProtectedResourceNeedsReplace_ErrorAtDocumentLocation()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { ReplaceKeys = ["size"] };
        await lifecycle.UpAsync(new GraphBuilder().Add("db", Obj(("size", Num(1))), options: Protected).Build());

        var graph = new GraphBuilder().Add("db", Obj(("size", Num(2))), options: Protected).Build();
        var plan = await lifecycle.PreviewAsync(graph);

        var diagnostic = plan.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticMessages.ProtectedReplaceCode));
            Assert.That(diagnostic.Location.ToString(), Is.EqualTo("infra/db.yaml:11:1"));
            Assert.That(plan.HasErrors, Is.True);
        });
    }
}
