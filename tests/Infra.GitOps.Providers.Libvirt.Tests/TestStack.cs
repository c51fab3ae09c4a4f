using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.Providers.Libvirt.Domains;
using Infra.GitOps.Providers.Libvirt.Native;
using Infra.GitOps.Providers.Libvirt.Networks;
using Infra.GitOps.Providers.Libvirt.Storage;

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

    /// <summary>The operation timeout (bounds the wait for DHCP leases). A guest reaches DHCP in seconds on an
    /// idle machine; the bound leaves room for a host whose cores are shared with builds.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(150);

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
        lock (created)
        {
            created.Add(resource);
        }

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
        await SweepAsync(Prefix);
        if (problems.Count > 0)
        {
            TestContext.Out.WriteLine("clean-up through the provider failed (swept with virsh): " + string.Join("; ", problems));
        }
    }

    /// <summary>Removes every libvirt object named with <paramref name="prefix"/>, in process (a virsh per object
    /// is slow on a loaded machine): domains, networks, volumes in any pool, pools, then files left in the pools
    /// root and the QEMU logs.</summary>
    public static Task SweepAsync(string prefix) => Task.Run(() =>
    {
        var none = CancellationToken.None;
        using var client = LibvirtClient.Open(LibvirtSetup.Uri, none);
        foreach (var domain in client.ListDomains(none))
        {
            using (domain)
            {
                if (DomainDefinition.Parse(client.GetXml(domain, inactive: true, none)).Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Try(() =>
                    {
                        client.DestroyDomain(domain, none);
                        client.UndefineDomain(domain, none);
                    });
                }
            }
        }

        foreach (var network in client.ListNetworks(none))
        {
            using (network)
            {
                if (NetworkDefinition.Parse(client.GetXml(network, inactive: true, none)).Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Try(() =>
                    {
                        client.StopNetwork(network, none);
                        client.UndefineNetwork(network, none);
                    });
                }
            }
        }

        foreach (var pool in client.ListPools(none))
        {
            using (pool)
            {
                if (client.IsActive(pool, none))
                {
                    Try(() => client.RefreshPool(pool, none)); // another user's pool may be busy building a volume
                    foreach (var volume in client.ListVolumes(pool, none))
                    {
                        using (volume)
                        {
                            if (Path.GetFileName(client.GetPath(volume, none)).StartsWith(prefix, StringComparison.Ordinal))
                            {
                                Try(() => client.DeleteVolume(volume, none));
                            }
                        }
                    }
                }

                var name = PoolDefinition.Parse(client.GetXml(pool, none)).Name;
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Try(() => client.RemovePool(pool, none));

                    // A pool whose directory never existed (or was removed) fails RemovePool's delete before its
                    // undefine: undefine it alone.
                    Try(() =>
                    {
                        using var left = client.FindPoolByName(name, none);
                        if (left is not null && !client.IsActive(left, none) && NativeMethods.virStoragePoolUndefine(left) < 0)
                        {
                            TestContext.Out.WriteLine($"sweep: cannot undefine pool {name}");
                        }
                    });
                }
            }
        }

        foreach (var directory in Directory.EnumerateDirectories(LibvirtSetup.PoolsRoot, prefix + "*"))
        {
            Directory.Delete(directory, recursive: true);
        }

        foreach (var log in Directory.EnumerateFiles("/var/log/libvirt/qemu", prefix + "*"))
        {
            File.Delete(log);
        }
    });

    private static void Try(Action removal)
    {
        try
        {
            removal();
        }
        catch (LibvirtException e)
        {
            TestContext.Out.WriteLine("sweep: " + e.Message);
        }
    }
}

/// <summary>A resource the provider created, with its recorded state.</summary>
public sealed record Created(ResourceType Type, Urn Urn, string Id, ObjectValue Inputs, ObjectValue Outputs);
