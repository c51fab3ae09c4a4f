using NUnit.Framework;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using Infra.GitOps.Testing.State;
using Infra.GitOps.Tests.Graph;
using Microsoft.Extensions.Time.Testing;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Engine.Planning;

/// <summary>
/// The planner against graphs built from YAML documents: secrets read on one machine, previewed on another that
/// cannot read them (placeholder mode).
/// </summary>
public class PlannerTests
{
    private const string Thing = "urn:pulumi:dev::lab::test:index:Thing::thing";
    private static readonly LockOwner Owner = new("test", 1, "localhost", "up", DateTimeOffset.UnixEpoch);

    private static readonly GraphBuildOptions WithSecret =
        GraphBuildOptions.Default with { EnvironmentLookup = name => name == "DB_PASSWORD" ? "hunter2" : null };

    private static readonly GraphBuildOptions WithoutSecret =
        GraphBuildOptions.Default with { SecretResolution = SecretResolution.Placeholder, EnvironmentLookup = _ => null };

    private static TestStack Stack(string name) => new TestStack()
        .EnvironmentSecret("db", "DB_PASSWORD")
        .Add(Resource("thing", "test:index:Thing", new { name, password = "${secret.db}", dsn = "user:${secret.db}@db", nested = new { keys = new[] { "${secret.db}" } } }));

    private static async Task<(StackOperations Operations, InMemoryStateStore Store, ProviderRegistry Registry)> DeployAsync(ResourceGraph graph)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var provider = new FakeProvider("test", FakeCloud.InMemory(), time);
        var store = new InMemoryStateStore(time);
        var operations = new StackOperations(time);
        var up = await operations.UpAsync(graph, store, new ProviderRegistry(provider), Owner, StackOperationOptions.Default, CancellationToken.None);
        Assert.That(up.Plan.HasErrors, Is.False, () => string.Join("\n", up.Plan.Diagnostics));
        return (operations, store, new ProviderRegistry(provider));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PlanAsync_UnchangedStackWithPlaceholderSecrets_NoChange()
    {
        var (operations, store, registry) = await DeployAsync(Stack("a").BuildGraph(WithSecret));
        var placeholder = Stack("a").BuildGraph(WithoutSecret);
        Assert.That(placeholder.Resource(Thing).Input("password"), Is.SameAs(SecretValue.Placeholder));

        var plan = await operations.PreviewAsync(placeholder, store, registry, StackOperationOptions.Default, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.HasErrors, Is.False, () => string.Join("\n", plan.Diagnostics));
            Assert.That(plan.ChangeSummary.HasChanges, Is.False, () => plan.ToString());
            Assert.That(plan.Steps.Select(s => s.Operation), Is.All.EqualTo(StepOperation.Same));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PlanAsync_PlaceholderSecretsAndAnotherChange_DiffNamesOnlyTheOtherProperty()
    {
        var (operations, store, registry) = await DeployAsync(Stack("a").BuildGraph(WithSecret));

        var plan = await operations.PreviewAsync(Stack("b").BuildGraph(WithoutSecret), store, registry, StackOperationOptions.Default, CancellationToken.None);

        var step = plan.Steps.Single(s => s.Urn.Value == Thing);
        Assert.Multiple(() =>
        {
            Assert.That(step.Operation, Is.EqualTo(StepOperation.Update));
            Assert.That(step.Diff.Select(d => d.Path), Is.EqualTo(new[] { "name" }));
            Assert.That(PlanJson.Serialize(plan), Does.Not.Contain("hunter2"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PlanAsync_NewResourceWithPlaceholderSecret_CreateShowsTheMask()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var registry = new ProviderRegistry(new FakeProvider("test", FakeCloud.InMemory(), time));

        var plan = await new StackOperations(time).PreviewAsync(
            Stack("a").BuildGraph(WithoutSecret), new InMemoryStateStore(time), registry, StackOperationOptions.Default, CancellationToken.None);

        var step = plan.Steps.Single(s => s.Urn.Value == Thing);
        Assert.Multiple(() =>
        {
            Assert.That(step.Operation, Is.EqualTo(StepOperation.Create));
            Assert.That(step.NewInputs?["password"], Is.InstanceOf<SecretValue>());
            Assert.That(step.NewInputs?["password"]?.IsKnown, Is.False);
            Assert.That(step.NewInputs?["password"]?.ToString(), Is.EqualTo(SecretValue.Mask));
        });
    }
}
