using System.Collections.Immutable;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.State;

namespace Infra.GitOps.Providers.Libvirt.Tests.Stacks;

/// <summary>
/// A copy of examples/local-lab under a project name of its own (<c>igl</c> + 8 hex digits) and a /24 of its own,
/// driven through the engine with a fresh <see cref="LibvirtProvider"/> per operation and a file state store in
/// the copy, as the CLI does. Every libvirt object it makes is named <c>{project}-lab…</c>;
/// <see cref="CleanUpAsync"/> destroys the stack, sweeps the prefix and deletes the copy.
/// </summary>
public sealed class LocalLab
{
    public const string Stack = "lab";
    private const string ExampleCidr = "10.231.0.0/24";

    private LocalLab(string root, string project, string cidr)
    {
        Root = root;
        Project = project;
        Cidr = cidr;
        Store = new FileStateStore("file://.infra/state", root, project, null, TimeProvider.System);
    }

    public string Root { get; }

    public string Project { get; }

    /// <summary>The network's range in this copy.</summary>
    public string Cidr { get; }

    public FileStateStore Store { get; }

    /// <summary>The storage pool's name (and its directory under the pools root).</summary>
    public string Pool => $"{Project}-{Stack}";

    /// <summary>The physical name of a document's object: <c>Name("web-0")</c>, <c>Name("lab-net")</c>.</summary>
    public string Name(string suffix) => $"{Project}-{Stack}-{suffix}";

    public static LocalLab Create()
    {
        var project = "igl" + Guid.NewGuid().ToString("N")[..8];
        var cidr = TestStack.RandomCidr();
        var source = Path.Combine(RepositoryRoot(), "examples", "local-lab");
        var root = Path.Combine(Path.GetTempPath(), "igt-" + project);
        foreach (var file in Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith(".infra", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!); // a file's path has a folder
            File.WriteAllText(target, File.ReadAllText(file)
                .Replace("name: local-lab", $"name: {project}", StringComparison.Ordinal)
                .Replace(ExampleCidr, cidr, StringComparison.Ordinal));
        }

        return new LocalLab(root, project, cidr);
    }

    /// <summary>Replaces <paramref name="oldText"/> (which must occur) in a file of the copy.</summary>
    public void Edit(string relativePath, string oldText, string newText)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(oldText), $"{relativePath} no longer contains '{oldText}'");
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>Compiles the copy: the stack's graph (null when invalid) and every diagnostic of loading and translation.</summary>
    public async Task<(ResourceGraph? Graph, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync()
    {
        var result = await RepositoryCompiler.CompileAsync(new DirectorySourceTree(Root), new CompileOptions { StackName = Stack }, CancellationToken.None);
        var diagnostics = result.Diagnostics.AddRange(result.Value?.Stacks.SelectMany(s => s.Diagnostics) ?? []);
        return (result.HasErrors ? null : result.Value?.Stacks.SingleOrDefault()?.Graph, diagnostics);
    }

    public async Task<ResourceGraph> GraphAsync()
    {
        var (graph, diagnostics) = await CompileAsync();
        Assert.That(graph, Is.Not.Null, string.Join("\n", diagnostics));
        return graph!; // asserted above
    }

    public async Task<Plan> PreviewAsync(ResourceGraph graph)
    {
        using var provider = new LibvirtProvider();
        return await new StackOperations(TimeProvider.System).PreviewAsync(graph, Store, new ProviderRegistry(provider), StackOperationOptions.Default, CancellationToken.None);
    }

    public async Task<UpResult> UpAsync(ResourceGraph graph)
    {
        using var provider = new LibvirtProvider();
        return await new StackOperations(TimeProvider.System).UpAsync(graph, Store, new ProviderRegistry(provider), Owner("up"), StackOperationOptions.Default, CancellationToken.None);
    }

    public async Task<UpResult> RefreshAsync(ResourceGraph graph)
    {
        using var provider = new LibvirtProvider();
        return await new StackOperations(TimeProvider.System).RefreshAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, Store, new ProviderRegistry(provider), Owner("refresh"), StackOperationOptions.Default, CancellationToken.None);
    }

    /// <summary>Asserts that an up or refresh succeeded, showing the failures otherwise.</summary>
    public static void AssertSucceeded(UpResult result, string what) =>
        Assert.That(
            result.Succeeded,
            Is.True,
            $"{what} failed: {string.Join("; ", result.Apply?.Failures.Select(f => $"{f.Step.Urn.Name}: {f.Error.Message}") ?? result.Plan.Diagnostics.Select(d => d.ToString()))}");

    /// <summary>Destroys the stack through the engine (breaking a lock a killed process left), then sweeps every
    /// libvirt object named with the project and deletes the copy, whatever failed before.</summary>
    public async Task CleanUpAsync()
    {
        try
        {
            await Store.BreakLockAsync(Stack, CancellationToken.None);
            var (graph, _) = await CompileAsync();
            using var provider = new LibvirtProvider();
            await new StackOperations(TimeProvider.System).DestroyAsync(
                Project,
                Stack,
                graph?.ProviderConfigurations ?? ImmutableSortedDictionary<string, ObjectValue>.Empty,
                Store,
                new ProviderRegistry(provider),
                Owner("destroy"),
                StackOperationOptions.Default,
                CancellationToken.None);
        }
        catch (GitOpsException e)
        {
            TestContext.Out.WriteLine($"destroy of {Project} failed (swept): {e.Message}");
        }
        finally
        {
            await TestStack.SweepAsync(Project + "-");
            Directory.Delete(Root, recursive: true);
        }
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Infra.GitOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new FileNotFoundException("Infra.GitOps.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static LockOwner Owner(string operation) =>
        new("test", Environment.ProcessId, Environment.MachineName, operation, DateTimeOffset.UtcNow);
}
