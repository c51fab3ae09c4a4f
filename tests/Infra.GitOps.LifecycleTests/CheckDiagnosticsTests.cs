using Infra.GitOps.Loading;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class CheckDiagnosticsTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_CheckFailureOnProperty_DiagnosticAtPropertyLocation()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { RequiredInputs = ["size", "zone"] };
        var graph = new GraphBuilder().Add("disk", Obj(("name", Str("d")), ("size", PropertyValue.Null))).Build();

        var plan = await lifecycle.PreviewAsync(graph);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
            {
                "infra/disk.yaml:11:1: error GO3001: " + DiagnosticMessages.Format(DiagnosticMessages.CheckFailed, "disk", "zone", "'zone' is required"),
                "infra/disk.yaml:16:5: error GO3001: " + DiagnosticMessages.Format(DiagnosticMessages.CheckFailed, "disk", "size", "'size' is required"),
            }));
            Assert.That(plan.HasErrors, Is.True);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_CheckFailure_NothingApplied()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { RequiredInputs = ["size"] };

        var result = await lifecycle.UpAsync(new GraphBuilder().Add("disk", Obj(("name", Str("d")))).Build());

        Assert.Multiple(() =>
        {
            Assert.That(result.Apply, Is.Null);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PreviewAsync_NoProviderForPackage_Diagnostic()
    {
        var lifecycle = new Lifecycle();

        var plan = await lifecycle.PreviewAsync(new GraphBuilder().Add("bucket", type: "aws:s3/bucket:Bucket").Build());

        Assert.That(plan.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticMessages.ProviderMissingCode }));
    }
}
