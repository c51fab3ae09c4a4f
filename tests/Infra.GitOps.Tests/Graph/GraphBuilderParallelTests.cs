using NUnit.Framework;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

/// <summary>
/// A big stack's documents are translated on several threads: the graph and the diagnostics must be exactly those of
/// a translation on one thread, whatever the scheduling.
/// </summary>
public class GraphBuilderParallelTests
{
    private const int Groups = 300;

    private static readonly GraphBuildOptions Sequential = GraphBuildOptions.Default with { EnvironmentLookup = _ => "s3cr3t", ParallelThreshold = int.MaxValue };

    private static readonly GraphBuildOptions Parallel = Sequential with { ParallelThreshold = 1 };

    private static readonly string[] Providers = ["libvirt", "aws", "azure", "kubernetes"];

    /// <summary>Groups of six documents over every provider, referring to each other; with
    /// <paramref name="withErrors"/>, some refer to documents, variables and outputs that do not exist.</summary>
    private static TestStack BigStack(bool withErrors, bool azureLocation = true)
    {
        var stack = new TestStack().Variable("memory", 256).EnvironmentSecret("token", "TOKEN");
        if (!azureLocation)
        {
            stack.Provider("azure", new { subscriptionId = "0000" });
        }

        for (var g = 0; g < Groups; g++)
        {
            var provider = Providers[g % Providers.Length];
            var broken = withErrors && g % 7 == 3;
            stack.Add(
                Network($"net-{g}", provider, new { cidr = $"10.{g / 256}.{g % 256}.0/24", firewall = new[] { new { name = "web", protocol = "tcp", ports = new[] { 80 } } } }),
                Disk($"disk-{g}", provider, new { sizeGb = 1 + (g % 50) }),
                Resource($"res-{g}", "test:index:Thing", new
                {
                    network = broken ? $"${{net-missing-{g}.id}}" : $"${{net-{g}.id}}",
                    label = broken ? "${var.nope}" : "${stack}-${project}-${var.memory}",
                    token = "${secret.token}",
                }, ResourceOptions.Default with { DependsOn = g == 0 ? [] : [$"res-{g - 1}"] }),
                Kubernetes("v1", "ConfigMap", $"cm-{g}", new { data = new { disk = $"${{disk-{g}.name}}", previous = g == 0 ? "none" : $"${{res-{g - 1}.id}}" } }),
                provider == "kubernetes" || provider == "azure" && broken
                    ? Bucket($"vm-{g}", provider == "kubernetes" ? "aws" : provider)
                    : VirtualMachine($"vm-{g}", provider, new { image = ImageFor(provider), network = $"net-{g}", disks = new[] { $"disk-{g}" }, count = 1 + (g % 3) }),
                Resource($"out-{g}", "test:index:Thing", new { ips = g % 4 == 3 ? "none" : $"${{vm-{g}.ipAddresses}}" }, ResourceOptions.Default with { DependsOn = broken ? [$"nowhere-{g}"] : [] }));
        }

        return stack;
    }

    private static string ImageFor(string provider) => provider switch
    {
        "aws" => "ami-123",
        "azure" => "Canonical:ubuntu:22_04:latest",
        _ => "builtin:tiny",
    };

    private static LoadResult<ResourceGraph> Build(TestStack stack, GraphBuildOptions options) => GraphBuilder.Build(stack.Project, stack.Stack, options);

    [Test]
    public void Build_BigStackInParallel_ByteEqualGraphAndSameDiagnostics()
    {
        var stack = BigStack(withErrors: false);

        var sequential = Build(stack, Sequential);
        var parallel = Build(stack, Parallel);
        var byDefault = Build(stack, Sequential with { ParallelThreshold = GraphBuildOptions.Default.ParallelThreshold });

        Assert.That(sequential.HasErrors, Is.False, string.Join("\n", sequential.Diagnostics.Take(5)));
        var expected = GraphJsonWriter.Render(sequential.Value!);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Stack.Documents, Has.Length.GreaterThan(GraphBuildOptions.Default.ParallelThreshold), "the default threshold takes the parallel path");
            Assert.That(sequential.Diagnostics, Is.Not.Empty, "libvirt firewall warnings");
            Assert.That(GraphJsonWriter.Render(parallel.Value!), Is.EqualTo(expected));
            Assert.That(GraphJsonWriter.Render(byDefault.Value!), Is.EqualTo(expected));
            Assert.That(parallel.Diagnostics, Is.EqualTo(sequential.Diagnostics));
            Assert.That(byDefault.Diagnostics, Is.EqualTo(sequential.Diagnostics));
        });
    }

    [Test]
    public void Build_BigStackWithErrorsInParallel_SameSortedDiagnostics()
    {
        var stack = BigStack(withErrors: true, azureLocation: false);

        var sequential = Build(stack, Sequential);

        Assert.That(sequential.HasErrors, Is.True);
        for (var run = 0; run < 5; run++)
        {
            var parallel = Build(stack, Parallel);
            Assert.That(parallel.Diagnostics, Is.EqualTo(sequential.Diagnostics), $"run {run}");
        }
    }

    [Test]
    public void Build_ResourceGroupWithoutLocationInParallel_ReportedOnceAtFirstAzureDocument()
    {
        var stack = BigStack(withErrors: false, azureLocation: false);
        var firstAzure = stack.Stack.Documents.First(d => d.Provider == ProviderName.Azure && d.Kind != DocumentKind.Resource);

        var result = Build(stack, Parallel);

        var missing = result.Diagnostics.Where(d => d.Code == DiagnosticMessages.MissingProviderSettingCode).ToList();
        Assert.That(missing, Has.Count.EqualTo(1));
        Assert.That(missing[0].Location, Is.EqualTo(firstAzure.LocationOf("spec.provider")));
    }

    [Test]
    public void Build_SecretUsedByManyDocumentsInParallel_ReadOnce()
    {
        var stack = BigStack(withErrors: false);
        var reads = 0;
        var options = Parallel with { EnvironmentLookup = _ => Interlocked.Increment(ref reads) > 0 ? "s3cr3t" : null };

        var result = Build(stack, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.HasErrors, Is.False);
            Assert.That(reads, Is.EqualTo(1));
        });
    }
}
