using System.Collections.Immutable;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using Infra.GitOps.Testing.State;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests.Output;

/// <summary>
/// The plain-mode progress of an up through the real engine (fake provider, in-memory state): every changing step
/// prints a line as it starts and one as it ends, in the order they happen, with its elapsed time on the engine's
/// clock (a fake clock that each create advances by a known amount), then the summary.
/// </summary>
public class ApplyProgressTests
{
    private const string Type = "fake:index:Thing";
    private static readonly TimeSpan CreateTakes = TimeSpan.FromMilliseconds(2500);

    [Test]
    [CancelAfter(30_000)]
    public async Task StepStartedAndFinished_ChainOfCreates_PrintsEachStartAndEndInOrderWithElapsedTimes(CancellationToken cancellationToken)
    {
        var (output, result) = await UpAsync(Graph(("net", null), ("web", "net"), ("app", "web")), failing: null, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(Lines(output), Is.EqualTo(new[]
            {
                "  +  pulumi:pulumi:Stack proj-dev  creating",
                "  +  pulumi:pulumi:Stack proj-dev  created (0.0s)",
                $"  +  {Type} net  creating",
                $"  +  {Type} net  created (2.5s)",
                $"  +  {Type} web  creating",
                $"  +  {Type} web  created (2.5s)",
                $"  +  {Type} app  creating",
                $"  +  {Type} app  created (2.5s)",
                "Resources: + 4 to create; 0 unchanged",
                "Apply succeeded in 7.5s",
            }));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task StepFinished_CreateFails_PrintsTheFailureAndTheSkippedDependent(CancellationToken cancellationToken)
    {
        var (output, result) = await UpAsync(Graph(("net", null), ("web", "net")), failing: "net", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            var lines = Lines(output).SkipWhile(l => l.Contains("pulumi:pulumi:Stack", StringComparison.Ordinal)).ToArray();
            Assert.That(lines[0], Is.EqualTo($"  +  {Type} net  creating"));
            Assert.That(lines[1], Does.StartWith($"  +  {Type} net  failed: ").And.EndWith("(2.5s)"));
            Assert.That(lines[2], Is.EqualTo($"  +  {Type} web  skipped: create of '{UrnOf("net")}' failed"));
            Assert.That(lines[^1], Is.EqualTo("Apply failed in 2.5s (1 failed, 1 skipped)"));
        });
    }

    [TestCase(0, "0.0s")]
    [TestCase(2_549, "2.5s")]
    [TestCase(59_900, "59.9s")]
    [TestCase(65_000, "1m05s")]
    [TestCase(3_725_000, "62m05s")]
    public void Elapsed_Durations_AreShortAndReadable(int milliseconds, string expected) =>
        Assert.That(ApplyProgress.Elapsed(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));

    private static async Task<(string Output, UpResult Result)> UpAsync(ResourceGraph graph, string? failing, CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var provider = new FakeProvider("fake", timeProvider: time)
        {
            DefaultBehavior = FakeResourceBehavior.Default with
            {
                Interceptor = (call, _) =>
                {
                    // Each create takes a known time on the engine's clock; a failing one fails after it.
                    time.Advance(CreateTakes);
                    return call.Urn.Name == failing
                        ? Task.FromException(new Providers.ProviderException(new ProviderName("fake"), call.Urn, "create", false, "quota exceeded"))
                        : Task.CompletedTask;
                },
            },
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, rich: false);
        var progress = new ApplyProgress(console, time);
        var options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { Observer = progress, MaxAttempts = 1 } };
        var owner = new LockOwner("test", 1, "host", "up", time.GetUtcNow());
        var result = await progress.RunAsync(
            () => new StackOperations(time).UpAsync(graph, new InMemoryStateStore(), new ProviderRegistry(provider), owner, options, cancellationToken),
            cancellationToken);
        Commands.UpCommand.ReportAfterProgress(console, result);
        return (output.ToString(), result);
    }

    private static string[] Lines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    private static Urn UrnOf(string name) => Urn.Create("dev", "proj", null, new ResourceType(Type), name);

    /// <summary>A stack whose resources each reference the one named after them (a chain when each names the previous).</summary>
    private static ResourceGraph Graph(params (string Name, string? References)[] resources)
    {
        var root = Urn.Create("dev", "proj", null, ResourceType.Stack, "proj-dev");
        var noDependencies = ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        var location = new SourceLocation("stacks/dev.yaml", 1, 1);
        var all = ImmutableArray.CreateBuilder<GraphResource>();
        all.Add(new GraphResource(root, ResourceType.Stack, false, null, null, ObjectValue.Empty, [], noDependencies, ResourceOptions.Default, location, ImmutableDictionary<string, SourceLocation>.Empty));
        foreach (var (name, references) in resources)
        {
            var inputs = ObjectValue.Empty.With("name", new StringValue(name));
            var dependencies = ImmutableArray<Urn>.Empty;
            var propertyDependencies = noDependencies;
            if (references is not null)
            {
                var target = UrnOf(references);
                inputs = inputs.With("ref", new ReferenceValue(target, "id"));
                dependencies = [target];
                propertyDependencies = propertyDependencies.Add("ref", [target]);
            }

            all.Add(new GraphResource(UrnOf(name), new ResourceType(Type), true, root, new ProviderName("fake"), inputs, dependencies, propertyDependencies, ResourceOptions.Default, location, ImmutableDictionary<string, SourceLocation>.Empty));
        }

        return new ResourceGraph("proj", "dev", all.ToImmutable(), ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal));
    }
}
