using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class SavedPlanTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_SavedPlanOfSameGraph_Applies()
    {
        var lifecycle = new Lifecycle();
        var graph = Graph("10.0.0.0/24");
        var saved = PlanJson.Deserialize(PlanJson.Serialize(await lifecycle.PreviewAsync(graph)));
        lifecycle.Options = StackOperationOptions.Default with { SavedPlan = saved };

        var result = await lifecycle.UpAsync(graph);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(await lifecycle.CloudUrnsAsync(), Has.Count.EqualTo(2));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_GraphChangedSincePlan_RefusedBeforeAnyChange()
    {
        var lifecycle = new Lifecycle();
        var saved = PlanJson.Deserialize(PlanJson.Serialize(await lifecycle.PreviewAsync(Graph("10.0.0.0/24"))));
        lifecycle.Options = StackOperationOptions.Default with { SavedPlan = saved };

        var error = Assert.ThrowsAsync<PlanConflictException>(() => lifecycle.UpAsync(Graph("10.9.0.0/24")));

        Assert.That(error!.Message, Does.Contain(GraphBuilder.UrnOf("net").Value));
        Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Is.Empty);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ResourceAddedSincePlan_Refused()
    {
        var lifecycle = new Lifecycle();
        var saved = PlanJson.Deserialize(PlanJson.Serialize(await lifecycle.PreviewAsync(Graph("10.0.0.0/24"))));
        lifecycle.Options = StackOperationOptions.Default with { SavedPlan = saved };
        var bigger = new GraphBuilder().Add("net", Obj(("cidr", Str("10.0.0.0/24")))).Add("extra", Obj(("n", Num(1)))).Build();

        var error = Assert.ThrowsAsync<PlanConflictException>(() => lifecycle.UpAsync(bigger));

        Assert.That(error!.Message, Does.Contain("extra"));
    }

    [Test]
    public void Deserialize_NotAPlan_PlanConflictException()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<PlanConflictException>(() => PlanJson.Deserialize("{ not json"));
            Assert.Throws<PlanConflictException>(() => PlanJson.Deserialize("{\"steps\": [{\"op\": \"explode\", \"urn\": \"x\"}]}"));
            Assert.Throws<PlanConflictException>(() => PlanJson.Deserialize("[]"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Serialize_Plan_HasPreviewDigestShape()
    {
        var lifecycle = new Lifecycle();
        await lifecycle.UpAsync(Graph("10.0.0.0/24"));
        var plan = await lifecycle.PreviewAsync(Graph("10.1.0.0/24"));

        var json = System.Text.Json.Nodes.JsonNode.Parse(PlanJson.Serialize(plan))!;

        var update = json["steps"]!.AsArray().Single(s => s!["urn"]!.GetValue<string>() == GraphBuilder.UrnOf("net").Value)!;
        Assert.Multiple(() =>
        {
            Assert.That(update["op"]!.GetValue<string>(), Is.EqualTo("update"));
            Assert.That(update["oldState"]!["inputs"]!["cidr"]!.GetValue<string>(), Is.EqualTo("10.0.0.0/24"));
            Assert.That(update["newState"]!["inputs"]!["cidr"]!.GetValue<string>(), Is.EqualTo("10.1.0.0/24"));
            Assert.That(update["diffReasons"]![0]!.GetValue<string>(), Is.EqualTo("cidr"));
            Assert.That(update["detailedDiff"]!["cidr"]!["kind"]!.GetValue<string>(), Is.EqualTo("update"));
            Assert.That(json["changeSummary"]!["update"]!.GetValue<int>(), Is.EqualTo(2), "net, and vm whose input is unknown until net is updated");
            Assert.That(json["duration"], Is.Not.Null);
            Assert.That(json["diagnostics"]!.AsArray(), Is.Empty);
        });
    }

    private static Infra.GitOps.Graph.ResourceGraph Graph(string cidr)
    {
        var graph = new GraphBuilder().Add("net", Obj(("cidr", Str(cidr))));
        return graph.Add("vm", Obj(("net", Ref(graph["net"], "id")))).Build();
    }
}
