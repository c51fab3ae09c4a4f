using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using static Infra.GitOps.Providers.Libvirt.Tests.Inputs;

namespace Infra.GitOps.Providers.Libvirt.Tests.Networks;

public sealed class NetworkResourceTests : LibvirtIntegrationTest
{
    private static readonly ResourceType Network = new("libvirt:index/network:Network");

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_Isolated_StartsWithoutForwardAndIsFoundByUrn()
    {
        var cidr = TestStack.RandomCidr();
        var network = await Stack.CreateAsync(Network, Stack.Name("net"), NetworkInputs("net", cidr));

        var xml = await Virsh.RunAsync("net-dumpxml", Stack.Name("net"));
        var byUrn = await Stack.ReadAsync(network, byUrn: true);
        Assert.Multiple(() =>
        {
            Assert.That(String(network.Outputs, "uuid"), Is.EqualTo(network.Id));
            Assert.That(String(network.Outputs, "bridge"), Is.Not.Empty);
            Assert.That(network.Outputs["addresses"], Is.EqualTo(List(Text(cidr))));
            Assert.That(xml, Does.Not.Contain("<forward"));
            Assert.That(xml, Does.Contain(network.Urn.Value));
            Assert.That(Found(byUrn, f => f.Id), Is.EqualTo(network.Id));
            Assert.That(Found(byUrn, f => f.Inputs), Is.EqualTo(network.Inputs));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task UpdateAsync_Autostart_ChangesInPlace()
    {
        var network = await Stack.CreateAsync(Network, Stack.Name("net"), NetworkInputs("net", TestStack.RandomCidr()));
        var autostart = network.Inputs.With("autostart", Flag(true));

        var diff = await Stack.DiffAsync(network, autostart);
        await Stack.UpdateAsync(network, autostart);

        var info = await Virsh.RunAsync("net-info", Stack.Name("net"));
        Assert.Multiple(() =>
        {
            Assert.That(diff.ReplaceKeys, Is.Empty);
            Assert.That(diff.DetailedDiff["autostart"], Is.EqualTo(PropertyDiffKind.Update));
            Assert.That(info, Does.Match(@"Autostart:\s+yes"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DiffAsync_AddressesOrMode_Replaces()
    {
        var network = await Stack.CreateAsync(Network, Stack.Name("net"), NetworkInputs("net", TestStack.RandomCidr()));

        var addresses = await Stack.DiffAsync(network, network.Inputs.With("addresses", List(Text("10.199.1.0/24"))));
        var mode = await Stack.DiffAsync(network, network.Inputs.With("mode", Text("nat")));

        Assert.Multiple(() =>
        {
            Assert.That(addresses.ReplaceKeys, Is.EqualTo(new[] { "addresses" }));
            Assert.That(addresses.DeleteBeforeReplace, Is.True);
            Assert.That(mode.ReplaceKeys, Is.EqualTo(new[] { "mode" }));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteAsync_Network_IsGoneAfterwards()
    {
        var network = await Stack.CreateAsync(Network, Stack.Name("net"), NetworkInputs("net", TestStack.RandomCidr()));

        await Stack.DeleteAsync(network);

        Assert.Multiple(async () =>
        {
            Assert.That(await Stack.ReadAsync(network), Is.TypeOf<ResourceGone>());
            Assert.That(await Stack.ReadAsync(network, byUrn: true), Is.TypeOf<ResourceGone>());
            Assert.That(await Virsh.NamesAsync("net-list", "--all", "--name"), Does.Not.Contain(Stack.Name("net")));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CheckAsync_RangeOverlapsUnmanagedNetwork_FailsOnAddresses()
    {
        var foreign = Stack.Name("foreign");
        await Virsh.DefineAsync("net-define", $"<network><name>{foreign}</name><ip address='10.198.7.1' prefix='24'/></network>");

        var result = await Stack.CheckAsync(Network, Stack.Name("net"), NetworkInputs("net", "10.198.0.0/16"));

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            new CheckFailure("addresses", $"'10.198.0.0/16' overlaps 10.198.7.0/24 of the existing libvirt network '{foreign}'"),
        }));
    }

    [TestCaseSource(nameof(BadAddresses))]
    [CancelAfter(60_000)]
    public async Task CheckAsync_BadAddresses_FailsOnAddresses(string cidr, string reason)
    {
        var result = await Stack.CheckAsync(Network, Stack.Name("net"), NetworkInputs("net", cidr));

        Assert.That(result.Failures, Is.EqualTo(new[] { new CheckFailure("addresses", reason) }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_NameTakenByUnmanagedNetwork_FailsWithoutAdopting()
    {
        var name = Stack.Name("net");
        await Virsh.DefineAsync("net-define", $"<network><name>{name}</name></network>");

        var error = Assert.ThrowsAsync<ProviderException>(() => Stack.CreateAsync(Network, name, NetworkInputs("net", TestStack.RandomCidr())));

        var xml = await Virsh.RunAsync("net-dumpxml", name);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo($"a libvirt network named '{name}' already exists and is not managed by this stack"));
            Assert.That(error.IsTransient, Is.False);
            Assert.That(xml, Does.Not.Contain("infra-gitops"), "the foreign network is left untouched");
        });
    }

    private static IEnumerable<TestCaseData> BadAddresses()
    {
        yield return new TestCaseData("10.0.0.0", "'10.0.0.0' is not a CIDR (expected a.b.c.d/n)").SetName("no prefix");
        yield return new TestCaseData("10.0.0.1/24", "'10.0.0.1/24' has host bits set: did you mean '10.0.0.0/24'?").SetName("host bits");
        yield return new TestCaseData("300.0.0.0/24", "'300.0.0.0/24' is not an IPv4 CIDR").SetName("octet out of range");
        yield return new TestCaseData("10.0.0.0/33", "'10.0.0.0/33' has an invalid prefix length (0 to 32)").SetName("prefix 33");
        yield return new TestCaseData("10.0.0.0/31", "'10.0.0.0/31' must have a prefix length from 8 to 30").SetName("prefix 31");
        yield return new TestCaseData("fd00::/64", "'fd00::/64' is not an IPv4 CIDR").SetName("IPv6");
    }

    private ObjectValue NetworkInputs(string suffix, string cidr) =>
        Object(
            ("name", Text(Stack.Name(suffix))),
            ("mode", Text("isolated")),
            ("addresses", List(Text(cidr))),
            ("dhcp", Object(("enabled", Flag(true)))),
            ("autostart", Flag(false)));
}
