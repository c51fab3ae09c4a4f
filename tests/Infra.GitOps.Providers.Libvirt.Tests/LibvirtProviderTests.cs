using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using static Infra.GitOps.Providers.Libvirt.Tests.Inputs;

namespace Infra.GitOps.Providers.Libvirt.Tests;

[Category("Integration")]
public sealed class LibvirtProviderTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task ConfigureAsync_NoUri_ConnectsToSystemDaemon()
    {
        using var provider = new LibvirtProvider();

        await provider.ConfigureAsync(new ProviderConfiguration("p", "s", ObjectValue.Empty), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(provider.Uri, Is.EqualTo(LibvirtProvider.DefaultUri));
            Assert.That(provider.Package, Is.EqualTo("libvirt"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void ConfigureAsync_UnreachableUri_ThrowsTransientProviderException()
    {
        using var provider = new LibvirtProvider();

        var error = Assert.ThrowsAsync<ProviderException>(() => provider.ConfigureAsync(
            new ProviderConfiguration("p", "s", Object(("uri", Text("qemu+unix:///system?socket=/nonexistent/igt.sock")))),
            CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsTransient, Is.True);
            Assert.That(error.Operation, Is.EqualTo("configure"));
            Assert.That(error.Message, Does.StartWith("cannot connect to libvirt at 'qemu+unix:///system?socket=/nonexistent/igt.sock': "));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void CreateAsync_NotConfigured_ThrowsPermanentProviderException()
    {
        using var provider = new LibvirtProvider();
        var type = new ResourceType("libvirt:index/network:Network");
        var urn = Urn.Create("s", "p", null, type, "n");

        var error = Assert.ThrowsAsync<ProviderException>(() => provider.CreateAsync(new CreateRequest(urn, type, ObjectValue.Empty, TimeSpan.FromSeconds(5)), CancellationToken.None));

        Assert.That(error!.IsTransient, Is.False);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CheckAsync_UnknownType_ReportsFailure()
    {
        using var provider = new LibvirtProvider();
        await provider.ConfigureAsync(new ProviderConfiguration("p", "s", ObjectValue.Empty), CancellationToken.None);
        var type = new ResourceType("libvirt:index/secret:Secret");

        var result = await provider.CheckAsync(new CheckRequest(Urn.Create("s", "p", null, type, "x"), type, null, ObjectValue.Empty), CancellationToken.None);

        Assert.That(result.Failures.Single().Reason, Does.StartWith("the libvirt provider has no resource type 'libvirt:index/secret:Secret'"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ReadAsync_CancelledToken_Throws()
    {
        using var provider = new LibvirtProvider();
        await provider.ConfigureAsync(new ProviderConfiguration("p", "s", ObjectValue.Empty), CancellationToken.None);
        var type = new ResourceType("libvirt:index/domain:Domain");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(
            () => provider.ReadAsync(new ReadRequest(Urn.Create("s", "p", null, type, "x"), type, null, null, null), cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
