using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Providers.Libvirt.Tests;

/// <summary>A configured provider on qemu:///system and a <see cref="TestStack"/> cleaned up after each test.</summary>
[Category("Integration")]
public abstract class LibvirtIntegrationTest
{
    protected LibvirtProvider Provider { get; private set; } = null!; // Set in SetUp before any test runs.

    protected TestStack Stack { get; private set; } = null!; // Set in SetUp before any test runs.

    [SetUp]
    public async Task ConfigureProviderAsync()
    {
        Provider = new LibvirtProvider();
        await Provider.ConfigureAsync(
            new ProviderConfiguration(TestStack.Project, TestStack.Stack, Inputs.Object(("uri", Inputs.Text(LibvirtSetup.Uri)))),
            CancellationToken.None);
        Stack = new TestStack(Provider);
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        try
        {
            await Stack.CleanUpAsync();
        }
        finally
        {
            Provider.Dispose();
        }
    }

    protected static T Found<T>(ReadResult result, Func<ResourceFound, T> select)
    {
        Assert.That(result, Is.TypeOf<ResourceFound>());
        return select((ResourceFound)result);
    }
}
