using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Providers.Libvirt.Tests;

/// <summary>
/// What one test creates: every libvirt object is named with a unique prefix (<c>igt-xxxxxx-</c>), recorded
/// when the provider creates it, and removed in <see cref="CleanUpAsync"/> -- first through the provider,
/// then by a virsh sweep of the prefix, so that a failing test leaves nothing behind.
/// </summary>
public sealed class TestStack
{
    public const string Project = "igt";
    public const string Stack = "test";

    private readonly List<Created> created = [];

    public TestStack(LibvirtProvider provider)
    {
        Provider = provider;
        Prefix = $"igt-{Guid.NewGuid().ToString("N")[..6]}-";
    }

    public LibvirtProvider Provider { get; }

    public string Prefix { get; }

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    public string Name(string suffix) => Prefix + suffix;

    public Urn UrnOf(ResourceType type, string name) => Urn.Create(Stack, Project, null, type, name);

    /// <summary>A random /24 in 10.200.0.0-10.249.255.0, unlikely to meet another test's or a leftover.</summary>
    public static string RandomCidr() => $"10.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(0, 256)}.0/24";

    public string PoolPath(string suffix) => Path.Combine(LibvirtSetup.PoolsRoot, Name(suffix));

    public async Task<CheckResult> CheckAsync(ResourceType type, string name, ObjectValue inputs) =>
        await Provider.CheckAsync(new CheckRequest(UrnOf(type, name), type, null, inputs), CancellationToken.None);

    /// <summary>Checks (asserting no failures) and creates the resource, recording it for clean-up.</summary>
    public async Task<Created> CreateAsync(ResourceType type, string name, ObjectValue inputs)
    {
        var urn = UrnOf(type, name);
        var check = await Provider.CheckAsync(new CheckRequest(urn, type, null, inputs), CancellationToken.None);
        Assert.That(check.Failures, Is.Empty, $"Check of {name} failed: {string.Join("; ", check.Failures)}");
        var result = await Provider.CreateAsync(new CreateRequest(urn, type, check.Inputs, Timeout), CancellationToken.None);
        var resource = new Created(type, urn, result.Id, check.Inputs, result.Outputs);
        created.Add(resource);
        return resource;
    }

    public async Task<Created> UpdateAsync(Created resource, ObjectValue newInputs)
    {
        var check = await Provider.CheckAsync(new CheckRequest(resource.Urn, resource.Type, resource.Inputs, newInputs), CancellationToken.None);
        Assert.That(check.Failures, Is.Empty, $"Check failed: {string.Join("; ", check.Failures)}");
        var result = await Provider.UpdateAsync(
            new UpdateRequest(resource.Urn, resource.Type, resource.Id, resource.Inputs, resource.Outputs, check.Inputs, ImmutableArray<string>.Empty, Timeout),
            CancellationToken.None);
        var updated = resource with { Inputs = check.Inputs, Outputs = result.Outputs };
        created[created.IndexOf(resource)] = updated;
        return updated;
    }

    public async Task<DiffResult> DiffAsync(Created resource, ObjectValue newInputs)
    {
        var check = await Provider.CheckAsync(new CheckRequest(resource.Urn, resource.Type, resource.Inputs, newInputs), CancellationToken.None);
        return await Provider.DiffAsync(
            new DiffRequest(resource.Urn, resource.Type, resource.Id, resource.Inputs, resource.Outputs, check.Inputs, ImmutableArray<string>.Empty),
            CancellationToken.None);
    }

    public Task<ReadResult> ReadAsync(Created resource, bool byUrn = false) =>
        Provider.ReadAsync(new ReadRequest(resource.Urn, resource.Type, byUrn ? null : resource.Id, resource.Inputs, resource.Outputs), CancellationToken.None);

    public async Task DeleteAsync(Created resource)
    {
        await Provider.DeleteAsync(new DeleteRequest(resource.Urn, resource.Type, resource.Id, resource.Inputs, resource.Outputs, Timeout), CancellationToken.None);
        created.Remove(resource);
    }

    /// <summary>Deletes what the test created (newest first), then sweeps anything left with the prefix.</summary>
    public async Task CleanUpAsync()
    {
        var problems = new List<string>();
        for (var i = created.Count - 1; i >= 0; i--)
        {
            var resource = created[i];
            try
            {
                await Provider.DeleteAsync(
                    new DeleteRequest(resource.Urn, resource.Type, resource.Id, resource.Inputs, resource.Outputs, Timeout),
                    CancellationToken.None);
            }
            catch (ProviderException e)
            {
                problems.Add($"{resource.Urn.Name}: {e.Message}");
            }
        }

        created.Clear();
        await SweepAsync();
        if (problems.Count > 0)
        {
            TestContext.Out.WriteLine("clean-up through the provider failed (swept with virsh): " + string.Join("; ", problems));
        }
    }

    private async Task SweepAsync()
    {
        foreach (var domain in (await Virsh.NamesAsync("list", "--all", "--name")).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await Virsh.TryRunAsync("destroy", domain);
            await Virsh.TryRunAsync("undefine", domain, "--managed-save", "--snapshots-metadata");
            File.Delete($"/var/log/libvirt/qemu/{domain}-console.log");
        }

        foreach (var network in (await Virsh.NamesAsync("net-list", "--all", "--name")).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await Virsh.TryRunAsync("net-destroy", network);
            await Virsh.TryRunAsync("net-undefine", network);
        }

        foreach (var pool in await Virsh.NamesAsync("pool-list", "--all", "--name"))
        {
            var (_, volumes, _) = await Virsh.TryRunAsync("vol-list", pool);
            foreach (var line in volumes.Split('\n').Skip(2))
            {
                var volume = line.Trim().Split(' ', 2)[0];
                if (volume.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    await Virsh.TryRunAsync("vol-delete", volume, "--pool", pool);
                }
            }

            if (pool.StartsWith(Prefix, StringComparison.Ordinal))
            {
                await Virsh.TryRunAsync("pool-destroy", pool);
                await Virsh.TryRunAsync("pool-delete", pool);
                await Virsh.TryRunAsync("pool-undefine", pool);
            }
        }

        foreach (var directory in Directory.EnumerateDirectories(LibvirtSetup.PoolsRoot, Prefix + "*"))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>A resource the provider created, with its recorded state.</summary>
public sealed record Created(ResourceType Type, Urn Urn, string Id, ObjectValue Inputs, ObjectValue Outputs);
