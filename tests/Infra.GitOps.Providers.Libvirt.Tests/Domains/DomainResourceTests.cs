using System.Net;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using static Infra.GitOps.Providers.Libvirt.Tests.Inputs;

namespace Infra.GitOps.Providers.Libvirt.Tests.Domains;

public sealed class DomainResourceTests : LibvirtIntegrationTest
{
    private static readonly ResourceType Domain = new("libvirt:index/domain:Domain");
    private static readonly ResourceType Network = new("libvirt:index/network:Network");

    [Test]
    [CancelAfter(120_000)]
    public async Task CreateAsync_TinyGuestOnIsolatedNetwork_BootsAndGetsLease()
    {
        var cidr = TestStack.RandomCidr();
        await Stack.CreateAsync(Network, Stack.Name("net"), Object(
            ("name", Text(Stack.Name("net"))), ("mode", Text("isolated")), ("addresses", List(Text(cidr)))));
        var inputs = TinyInputs("vm", running: true).With("networkInterfaces", List(Object(
            ("networkName", Text(Stack.Name("net"))), ("waitForLease", Flag(true)))));

        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), inputs);

        var ip = String(vm.Outputs, "ipAddress");
        var xml = await Virsh.RunAsync("dumpxml", Stack.Name("vm"));
        var console = await ReadConsoleAsync(Stack.Name("vm"), ip);
        Assert.Multiple(() =>
        {
            Assert.That(String(vm.Outputs, "state"), Is.EqualTo("running"));
            Assert.That(InRange(ip, cidr), Is.True, $"{ip} is in {cidr}");
            Assert.That(console, Does.Contain($"infra-gitops-tiny: eth0 bound {ip}"));
            Assert.That(xml, Does.Contain("<rom enabled='no'/>"));
            Assert.That(xml, Does.Contain("<model type='virtio'/>"));
            Assert.That(xml, Does.Contain("<acpi/>"));
            Assert.That(xml, Does.Contain("<on_poweroff>destroy</on_poweroff>"));
            Assert.That(xml, Does.Contain("<domain type='qemu'"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReadAsync_NullId_FindsDomainByUrn()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: false));

        var found = await Stack.ReadAsync(vm, byUrn: true);

        var metadata = await Virsh.RunAsync("metadata", Stack.Name("vm"), "https://infra-gitops.dev/xmlns/1");
        Assert.Multiple(() =>
        {
            Assert.That(Found(found, f => f.Id), Is.EqualTo(vm.Id));
            Assert.That(Found(found, f => f.Inputs), Is.EqualTo(vm.Inputs));
            Assert.That(Found(found, f => String(f.Outputs, "state")), Is.EqualTo("shut off"));
            Assert.That(metadata, Does.Contain($"<urn>{vm.Urn.Value}</urn>"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task UpdateAsync_Memory_AppliesInPlaceWithRestart()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: true));
        var bigger = vm.Inputs.With("memory", Number(192)).With("vcpu", Number(2));

        var diff = await Stack.DiffAsync(vm, bigger);
        var updated = await Stack.UpdateAsync(vm, bigger);

        var info = await Virsh.RunAsync("dominfo", Stack.Name("vm"));
        Assert.Multiple(() =>
        {
            Assert.That(diff.ReplaceKeys, Is.Empty);
            Assert.That(diff.DetailedDiff.Keys, Is.EquivalentTo(new[] { "memory", "vcpu" }));
            Assert.That(updated.Id, Is.EqualTo(vm.Id));
            Assert.That(String(updated.Outputs, "state"), Is.EqualTo("running"));
            Assert.That(info, Does.Match(@"Max memory:\s+196608 KiB"));
            Assert.That(info, Does.Match(@"CPU\(s\):\s+2"));
            Assert.That(info, Does.Match(@"State:\s+running"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task UpdateAsync_RunningFalse_ShutsGuestDownThroughAcpi()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: true));
        await WaitForConsoleAsync(Stack.Name("vm"), "waiting for ACPI power button");

        var updated = await Stack.UpdateAsync(vm, vm.Inputs.With("running", Flag(false)));

        var console = await File.ReadAllTextAsync($"/var/log/libvirt/qemu/{Stack.Name("vm")}-console.log");
        Assert.Multiple(() =>
        {
            Assert.That(String(updated.Outputs, "state"), Is.EqualTo("shut off"));
            Assert.That(console, Does.Contain("infra-gitops-tiny: powering off"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReadAsync_AfterVirshDestroy_ReportsShutOff()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: true));

        await Virsh.RunAsync("destroy", Stack.Name("vm"));

        var read = await Stack.ReadAsync(vm);
        Assert.Multiple(() =>
        {
            Assert.That(Found(read, f => String(f.Outputs, "state")), Is.EqualTo("shut off"));
            Assert.That(Found(read, f => Flag(f.Inputs, "running")), Is.False);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReadAsync_MemoryChangedByHand_ShowsDrift()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: false));

        await Virsh.RunAsync("setmaxmem", Stack.Name("vm"), "256M", "--config");
        await Virsh.RunAsync("setmem", Stack.Name("vm"), "256M", "--config");

        var read = await Stack.ReadAsync(vm);
        var drift = await Stack.Provider.DiffAsync(
            new DiffRequest(vm.Urn, Domain, vm.Id, Found(read, f => f.Inputs), Found(read, f => f.Outputs), vm.Inputs, []),
            CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(Found(read, f => Number(f.Inputs, "memory")), Is.EqualTo(256));
            Assert.That(drift.DetailedDiff.Keys, Is.EqualTo(new[] { "memory" }));
            Assert.That(drift.ReplaceKeys, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DiffAsync_KernelCmdlineOrInterfaces_Replaces()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: false));

        var cmdline = await Stack.DiffAsync(vm, vm.Inputs.With("cmdline", Text("console=ttyS0")));
        var nics = await Stack.DiffAsync(vm, vm.Inputs.With("networkInterfaces", List(Object(("networkName", Text("elsewhere"))))));
        var same = await Stack.DiffAsync(vm, vm.Inputs);

        Assert.Multiple(() =>
        {
            Assert.That(cmdline.ReplaceKeys, Is.EqualTo(new[] { "cmdline" }));
            Assert.That(cmdline.DeleteBeforeReplace, Is.True);
            Assert.That(nics.ReplaceKeys, Is.EqualTo(new[] { "networkInterfaces" }));
            Assert.That(same.Changes, Is.EqualTo(DiffChanges.None));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteAsync_RunningDomain_IsGone()
    {
        var vm = await Stack.CreateAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: true));

        await Stack.DeleteAsync(vm);

        Assert.Multiple(async () =>
        {
            Assert.That(await Stack.ReadAsync(vm), Is.TypeOf<ResourceGone>());
            Assert.That(await Stack.ReadAsync(vm, byUrn: true), Is.TypeOf<ResourceGone>());
            Assert.That(await Virsh.NamesAsync("list", "--all", "--name"), Does.Not.Contain(Stack.Name("vm")));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CreateAsync_NameTakenByUnmanagedDomain_FailsWithoutAdopting()
    {
        var name = Stack.Name("vm");
        await Virsh.DefineAsync("define", $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>");

        var error = Assert.ThrowsAsync<ProviderException>(() => Stack.CreateAsync(Domain, name, TinyInputs("vm", running: false)));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Message, Is.EqualTo($"a libvirt domain named '{name}' already exists and is not managed by this stack"));
            Assert.That(await Virsh.RunAsync("dominfo", name), Does.Match(@"Max memory:\s+65536 KiB"), "the foreign domain is untouched");
        });
    }

    [TestCaseSource(nameof(BadInputs))]
    [CancelAfter(60_000)]
    public async Task CheckAsync_BadInput_FailsOnTheProperty(string property, PropertyValue value, string reason)
    {
        var result = await Stack.CheckAsync(Domain, Stack.Name("vm"), TinyInputs("vm", running: false).With(property, value));

        Assert.That(result.Failures, Is.EqualTo(new[] { new CheckFailure(property, reason) }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CheckAsync_NoKernelNoDisk_FailsOnDisks()
    {
        var inputs = Object(("name", Text(Stack.Name("vm"))), ("vcpu", Number(1)), ("memory", Number(128)));

        var result = await Stack.CheckAsync(Domain, Stack.Name("vm"), inputs);

        Assert.That(result.Failures.Select(f => f.Property), Is.EqualTo(new[] { "disks" }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CheckAsync_UnknownValuesInPreview_AreNotFailures()
    {
        var inputs = TinyInputs("vm", running: true).With("networkInterfaces", List(UnknownValue.Instance)).With("memory", UnknownValue.Instance);

        var result = await Stack.CheckAsync(Domain, Stack.Name("vm"), inputs);

        Assert.That(result.Failures, Is.Empty);
    }

    private static IEnumerable<TestCaseData> BadInputs()
    {
        yield return new TestCaseData("memory", Number(32), "'memory' must be a whole number from 64 to 1048576, got 32").SetName("memory too small");
        yield return new TestCaseData("memory", Number(128.5), "'memory' must be a whole number from 64 to 1048576, got 128.5").SetName("memory fractional");
        yield return new TestCaseData("vcpu", Number(0), "'vcpu' must be a whole number from 1 to 64, got 0").SetName("no vcpu");
        yield return new TestCaseData("vcpu", Number(65), "'vcpu' must be a whole number from 1 to 64, got 65").SetName("too many vcpus");
        yield return new TestCaseData("kernel", Text("/nonexistent/vmlinuz"), "kernel '/nonexistent/vmlinuz' does not exist (for builtin:tiny run scripts/setup-libvirt)").SetName("missing kernel");
        yield return new TestCaseData("name", Text("bad name;rm"), "'bad name;rm' is not a valid libvirt name: use 1 to 128 characters from a-z, A-Z, 0-9, '.', '_' and '-', starting with a letter or digit").SetName("hostile name");
        yield return new TestCaseData("name", Text(new string('a', 129)), $"'{new string('a', 129)}' is not a valid libvirt name: use 1 to 128 characters from a-z, A-Z, 0-9, '.', '_' and '-', starting with a letter or digit").SetName("long name");
        yield return new TestCaseData("networkInterfaces", List(Object(("networkName", Text("n")), ("mac", Text("01:00:5e:00:00:01")))), "'01:00:5e:00:00:01' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)").SetName("multicast mac");
    }

    private static bool InRange(string ip, string cidr)
    {
        var parts = cidr.Split('/');
        var network = IPAddress.Parse(parts[0]).GetAddressBytes();
        var address = IPAddress.TryParse(ip, out var parsed) ? parsed.GetAddressBytes() : [0, 0, 0, 0];
        return address.Take(3).SequenceEqual(network.Take(3)) && address[3] is > 1 and < 255;
    }

    private static async Task<string> ReadConsoleAsync(string domain, string expected)
    {
        await WaitForConsoleAsync(domain, expected);
        return await File.ReadAllTextAsync($"/var/log/libvirt/qemu/{domain}-console.log");
    }

    private static async Task WaitForConsoleAsync(string domain, string expected)
    {
        var path = $"/var/log/libvirt/qemu/{domain}-console.log";
        for (var i = 0; i < 120; i++)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains(expected, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    private ObjectValue TinyInputs(string suffix, bool running) =>
        Object(
            ("name", Text(Stack.Name(suffix))),
            ("vcpu", Number(1)),
            ("memory", Number(128)),
            ("running", Flag(running)),
            ("autostart", Flag(false)),
            ("kernel", Text(LibvirtSetup.TinyKernel)),
            ("initrd", Text(LibvirtSetup.TinyInitrd)),
            ("cmdline", Text("console=ttyS0 quiet")),
            ("disks", List()),
            ("networkInterfaces", List()));
}
