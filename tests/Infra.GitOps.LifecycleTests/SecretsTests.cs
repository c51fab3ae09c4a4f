using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class SecretsTests
{
    private const string Canary = "canary-5f1d2c-do-not-print";

    [Test]
    [CancelAfter(10_000)]
    public async Task PlanJsonAndToString_SecretInputsAndOutputs_NeverShowPlaintext()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { SecretOutputs = ["password"] };
        var graph = new GraphBuilder();
        graph.Add("db", Obj(("password", Secret(Canary)), ("user", Str("admin"))));
        graph.Add("app", Obj(("conn", Interp(Str("pw="), Ref(graph["db"], "password")))));
        var up = await lifecycle.UpAsync(graph.Build());

        var changed = new GraphBuilder();
        changed.Add("db", Obj(("password", Secret(Canary + "-2")), ("user", Str("admin"))));
        changed.Add("app", Obj(("conn", Interp(Str("pw="), Ref(changed["db"], "password")))));
        var plan = await lifecycle.PreviewAsync(changed.Build());

        var texts = new[]
        {
            PlanJson.Serialize(up.Plan),
            PlanJson.Serialize(plan),
            up.Plan.ToString(),
            plan.ToString(),
            string.Join("\n", plan.Steps.Select(s => s.ToString())),
            string.Join("\n", plan.Steps.SelectMany(s => s.Diff).Select(d => d.ToString())),
            string.Join("\n", up.Snapshot.Resources.Select(r => r.ToString())),
        };
        Assert.Multiple(() =>
        {
            foreach (var text in texts)
            {
                Assert.That(text, Does.Not.Contain(Canary));
            }

            Assert.That(PlanJson.Serialize(plan), Does.Contain(SecretValue.Mask));
            Assert.That(plan.Steps.Single(s => s.Urn == changed["db"]).Operation, Is.EqualTo(StepOperation.Update));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_InterpolationOfSecretOutput_StaysSecret()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { ComputedOutputs = ["password"] };
        var graph = new GraphBuilder();
        graph.Add("db", Obj(("n", Num(1))));
        graph.Add("app", Obj(("conn", Interp(Str("pw="), Ref(graph["db"], "password"))), ("direct", Ref(graph["db"], "password"))));

        var result = await lifecycle.UpAsync(graph.Build());

        var app = result.Snapshot.Resources.Single(r => r.Urn == graph["app"]);
        var password = ((SecretValue)result.Snapshot.Resources.Single(r => r.Urn == graph["db"]).Outputs["password"]!).Value;
        Assert.Multiple(() =>
        {
            Assert.That(app.Inputs["conn"], Is.EqualTo(new SecretValue(new StringValue("pw=" + password))));
            Assert.That(app.Inputs["direct"], Is.InstanceOf<SecretValue>());
        });
    }
}
