using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using static Infra.GitOps.Providers.Libvirt.Tests.Inputs;

namespace Infra.GitOps.Providers.Libvirt.Tests.Storage;

public sealed class PoolResourceTests : LibvirtIntegrationTest
{
    private static readonly ResourceType Pool = new("libvirt:index/pool:Pool");
    private static readonly ResourceType Volume = new("libvirt:index/volume:Volume");

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_DirectoryPool_IsActiveTaggedAndFoundByUrn()
    {
        var path = Stack.PoolPath("pool");
        var pool = await Stack.CreateAsync(Pool, Stack.Name("pool"), PoolInputs("pool", path));

        var byUrn = await Stack.ReadAsync(pool, byUrn: true);
        var info = await Virsh.RunAsync("pool-info", Stack.Name("pool"));
        Assert.Multiple(() =>
        {
            Assert.That(pool.Id, Does.Match("^[0-9a-f-]{36}$"));
            Assert.That(String(pool.Outputs, "path"), Is.EqualTo(path));
            Assert.That(Number(pool.Outputs, "capacity"), Is.GreaterThan(0));
            Assert.That(Directory.Exists(path), Is.True);
            Assert.That(info, Does.Match(@"State:\s+running"));
            Assert.That(Found(byUrn, f => f.Id), Is.EqualTo(pool.Id));
            Assert.That(Found(byUrn, f => f.Inputs), Is.EqualTo(pool.Inputs));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteAsync_EmptyPool_RemovesPoolAndDirectory()
    {
        var path = Stack.PoolPath("pool");
        var pool = await Stack.CreateAsync(Pool, Stack.Name("pool"), PoolInputs("pool", path));

        await Stack.DeleteAsync(pool);

        Assert.Multiple(async () =>
        {
            Assert.That(await Stack.ReadAsync(pool), Is.TypeOf<ResourceGone>());
            Assert.That(Directory.Exists(path), Is.False);
        });
        Assert.DoesNotThrowAsync(() => Stack.DeleteAsync(pool), "deleting what is gone succeeds");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteAsync_PoolWithVolume_FailsClearlyAndKeepsPool()
    {
        var pool = await Stack.CreateAsync(Pool, Stack.Name("pool"), PoolInputs("pool", Stack.PoolPath("pool")));
        await Stack.CreateAsync(Volume, Stack.Name("disk"), Object(
            ("name", Text(Stack.Name("disk"))), ("pool", Text(Stack.Name("pool"))), ("size", Number(1024 * 1024))));

        var error = Assert.ThrowsAsync<ProviderException>(() => Stack.DeleteAsync(pool));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Message, Does.Contain("still holds 1 volume"));
            Assert.That(error.IsTransient, Is.False);
            Assert.That(await Stack.ReadAsync(pool), Is.TypeOf<ResourceFound>());
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DiffAsync_PathChanged_ReplacesDeletingFirst()
    {
        var pool = await Stack.CreateAsync(Pool, Stack.Name("pool"), PoolInputs("pool", Stack.PoolPath("pool")));

        var diff = await Stack.DiffAsync(pool, PoolInputs("pool", Stack.PoolPath("other")));

        Assert.Multiple(() =>
        {
            Assert.That(diff.Changes, Is.EqualTo(DiffChanges.Some));
            Assert.That(diff.ReplaceKeys, Is.EqualTo(new[] { "path" }));
            Assert.That(diff.DeleteBeforeReplace, Is.True);
            Assert.That(diff.DetailedDiff["path"], Is.EqualTo(PropertyDiffKind.UpdateReplace));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_NameTakenByUnmanagedPool_FailsWithoutAdopting()
    {
        var name = Stack.Name("pool");
        await Virsh.RunAsync("pool-define-as", name, "dir", "--target", Stack.PoolPath("foreign"));

        var error = Assert.ThrowsAsync<ProviderException>(() => Stack.CreateAsync(Pool, name, PoolInputs("pool", Stack.PoolPath("pool"))));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo($"a libvirt storage pool named '{name}' already exists and is not managed by this stack"));
            Assert.That(error.IsTransient, Is.False);
            Assert.That(Directory.Exists(Stack.PoolPath("pool")), Is.False);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CheckAsync_RelativePathAndBadName_ReportsEachProperty()
    {
        var result = await Stack.CheckAsync(Pool, "bad", Object(("name", Text("no spaces allowed")), ("path", Text("relative/dir"))));

        Assert.That(result.Failures.Select(f => f.Property), Is.EquivalentTo(new[] { "name", "path" }));
    }

    private ObjectValue PoolInputs(string suffix, string path) =>
        Object(("name", Text(Stack.Name(suffix))), ("type", Text("dir")), ("path", Text(path)));
}
