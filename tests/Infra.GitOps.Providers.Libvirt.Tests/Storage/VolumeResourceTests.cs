using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using static Infra.GitOps.Providers.Libvirt.Tests.Inputs;

namespace Infra.GitOps.Providers.Libvirt.Tests.Storage;

public sealed class VolumeResourceTests : LibvirtIntegrationTest
{
    private const double MiB = 1024 * 1024;
    private static readonly ResourceType Pool = new("libvirt:index/pool:Pool");
    private static readonly ResourceType Volume = new("libvirt:index/volume:Volume");

    [SetUp]
    public async Task CreatePoolAsync() =>
        await Stack.CreateAsync(Pool, Stack.Name("pool"), Object(
            ("name", Text(Stack.Name("pool"))), ("type", Text("dir")), ("path", Text(Stack.PoolPath("pool")))));

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_Qcow2_ReturnsPathAsIdAndIsFoundByUrn()
    {
        var volume = await Stack.CreateAsync(Volume, Stack.Name("disk"), VolumeInputs("disk", 4 * MiB));

        var byUrn = await Stack.ReadAsync(volume, byUrn: true);
        Assert.Multiple(() =>
        {
            Assert.That(volume.Id, Is.EqualTo(Path.Combine(Stack.PoolPath("pool"), Stack.Name("disk"))));
            Assert.That(String(volume.Outputs, "key"), Is.EqualTo(volume.Id));
            Assert.That(String(volume.Outputs, "format"), Is.EqualTo("qcow2"));
            Assert.That(Number(volume.Outputs, "size"), Is.EqualTo(4 * MiB));
            Assert.That(File.Exists(volume.Id), Is.True);
            Assert.That(Found(byUrn, f => f.Id), Is.EqualTo(volume.Id));
            Assert.That(Found(byUrn, f => f.Inputs), Is.EqualTo(volume.Inputs));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task UpdateAsync_Growth_ResizesInPlace()
    {
        var volume = await Stack.CreateAsync(Volume, Stack.Name("disk"), VolumeInputs("disk", 4 * MiB));
        var bigger = VolumeInputs("disk", 8 * MiB);

        var diff = await Stack.DiffAsync(volume, bigger);
        var updated = await Stack.UpdateAsync(volume, bigger);

        var read = await Stack.ReadAsync(updated);
        Assert.Multiple(() =>
        {
            Assert.That(diff.Changes, Is.EqualTo(DiffChanges.Some));
            Assert.That(diff.ReplaceKeys, Is.Empty);
            Assert.That(diff.DetailedDiff["size"], Is.EqualTo(PropertyDiffKind.Update));
            Assert.That(Number(updated.Outputs, "size"), Is.EqualTo(8 * MiB));
            Assert.That(Found(read, f => Number(f.Inputs, "size")), Is.EqualTo(8 * MiB));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DiffAsync_ShrinkOrFormat_Replaces()
    {
        var volume = await Stack.CreateAsync(Volume, Stack.Name("disk"), VolumeInputs("disk", 4 * MiB));

        var shrink = await Stack.DiffAsync(volume, VolumeInputs("disk", 2 * MiB));
        var format = await Stack.DiffAsync(volume, VolumeInputs("disk", 4 * MiB).With("format", Text("raw")));

        Assert.Multiple(() =>
        {
            Assert.That(shrink.ReplaceKeys, Is.EqualTo(new[] { "size" }));
            Assert.That(format.ReplaceKeys, Is.EqualTo(new[] { "format" }));
            Assert.That(format.DeleteBeforeReplace, Is.True);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReadAsync_FileDeletedByHand_IsGone()
    {
        var volume = await Stack.CreateAsync(Volume, Stack.Name("disk"), VolumeInputs("disk", 4 * MiB));

        File.Delete(volume.Id);

        Assert.That(await Stack.ReadAsync(volume), Is.TypeOf<ResourceGone>());
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_OverBaseVolume_IsCopyOnWrite()
    {
        var baseVolume = await Stack.CreateAsync(Volume, Stack.Name("base"), VolumeInputs("base", 4 * MiB).With("format", Text("raw")));

        var overlay = await Stack.CreateAsync(Volume, Stack.Name("cow"), VolumeInputs("cow", 4 * MiB).With("baseVolumeId", Text(baseVolume.Id)));

        var xml = await Virsh.RunAsync("vol-dumpxml", overlay.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(xml, Does.Contain($"<path>{baseVolume.Id}</path>"));
            Assert.That(Found(await Stack.ReadAsync(overlay), f => String(f.Inputs, "baseVolumeId")), Is.EqualTo(baseVolume.Id));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CheckAsync_MissingBaseImage_FailsOnBaseVolumeId()
    {
        var missing = "/var/lib/infra-gitops/images/" + Stack.Name("missing.qcow2");

        var result = await Stack.CheckAsync(Volume, Stack.Name("cow"), VolumeInputs("cow", 4 * MiB).With("baseVolumeId", Text(missing)));

        Assert.That(result.Failures, Is.EqualTo(new[] { new CheckFailure("baseVolumeId", $"base image '{missing}' does not exist") }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_NameTakenByUnmanagedVolume_FailsWithoutAdopting()
    {
        var name = Stack.Name("disk");
        await Virsh.RunAsync("vol-create-as", Stack.Name("pool"), name, "1M", "--format", "raw");

        var error = Assert.ThrowsAsync<ProviderException>(() => Stack.CreateAsync(Volume, name, VolumeInputs("disk", 4 * MiB)));

        Assert.That(error?.Message, Is.EqualTo($"a libvirt storage volume named '{Stack.Name("pool")}/{name}' already exists and is not managed by this stack"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteAsync_Volume_IsGoneWithItsFile()
    {
        var volume = await Stack.CreateAsync(Volume, Stack.Name("disk"), VolumeInputs("disk", 4 * MiB));

        await Stack.DeleteAsync(volume);

        Assert.Multiple(async () =>
        {
            Assert.That(File.Exists(volume.Id), Is.False);
            Assert.That(await Stack.ReadAsync(volume), Is.TypeOf<ResourceGone>());
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_OverBaseImageWithoutSize_TakesTheImageVirtualSize()
    {
        var baseVolume = await Stack.CreateAsync(Volume, Stack.Name("base"), VolumeInputs("base", 8 * MiB));
        var inputs = Object(("name", Text(Stack.Name("cow"))), ("pool", Text(Stack.Name("pool"))), ("format", Text("qcow2")), ("baseVolumeId", Text(baseVolume.Id)));

        var overlay = await Stack.CreateAsync(Volume, Stack.Name("cow"), inputs);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(overlay.Outputs, "size"), Is.EqualTo(8 * MiB));
            Assert.That(Found(await Stack.ReadAsync(overlay), f => f.Inputs), Is.EqualTo(overlay.Inputs), "no size drift on refresh");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_UntaggedVolumeOurCreateWasBuilding_IsTakenOverNotRefused()
    {
        // What a process killed between libvirt's build and the tag leaves: an untagged volume, announced as ours.
        var name = Stack.Name("disk");
        var urn = Stack.UrnOf(Volume, name);
        await Virsh.RunAsync("vol-create-as", Stack.Name("pool"), name, "1M", "--format", "raw");
        Native.ExtendedAttributes.Set(Stack.PoolPath("pool"), "user.infra-gitops.creating." + name, urn.Value);

        var volume = await Stack.CreateAsync(Volume, name, VolumeInputs("disk", 4 * MiB));

        Assert.Multiple(() =>
        {
            Assert.That(String(volume.Outputs, "format"), Is.EqualTo("qcow2"));
            Assert.That(Number(volume.Outputs, "size"), Is.EqualTo(4 * MiB));
            Assert.That(Native.ExtendedAttributes.Get(volume.Id, "user.infra-gitops.urn"), Is.EqualTo(urn.Value));
            Assert.That(Native.ExtendedAttributes.Get(Stack.PoolPath("pool"), "user.infra-gitops.creating." + name), Is.Null, "the marker is cleared");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_FileLibvirtDoesNotListYet_FailsWithoutAdopting()
    {
        var name = Stack.Name("disk");
        await File.WriteAllTextAsync(Path.Combine(Stack.PoolPath("pool"), name), "not ours");

        var error = Assert.ThrowsAsync<ProviderException>(() => Stack.CreateAsync(Volume, name, VolumeInputs("disk", 4 * MiB)));

        Assert.Multiple(async () =>
        {
            Assert.That(error?.Message, Is.EqualTo($"a libvirt storage volume named '{Stack.Name("pool")}/{name}' already exists and is not managed by this stack"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(Stack.PoolPath("pool"), name)), Is.EqualTo("not ours"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task CreateAsync_ManyVolumesOfOnePoolAtOnce_AllCreated()
    {
        var names = Enumerable.Range(0, 6).Select(i => $"par{i}").ToList();

        var volumes = await Task.WhenAll(names.Select(n => Stack.CreateAsync(Volume, Stack.Name(n), VolumeInputs(n, 4 * MiB))));

        Assert.That(volumes.Select(v => Path.GetFileName(v.Id)), Is.EquivalentTo(names.Select(Stack.Name)));
    }

    private ObjectValue VolumeInputs(string suffix, double size) =>
        Object(("name", Text(Stack.Name(suffix))), ("pool", Text(Stack.Name("pool"))), ("size", Number(size)), ("format", Text("qcow2")));
}
