using System.Collections.Concurrent;
using Infra.GitOps.Engine;
using Infra.GitOps.Providers.Libvirt;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// The providers built into the tool (libvirt today), the composition root's one place that wires concrete
/// providers. Each <see cref="CreateRegistry"/> makes a fresh, unconfigured set (providers are configured for one
/// project and stack); creating one opens no connection: a provider connects only when the engine configures it.
/// Disposing closes every provider made. Thread-safe.
/// </summary>
public sealed class BuiltInProviders : IDisposable
{
    private readonly ConcurrentBag<IDisposable> made = [];

    /// <summary>A new registry of fresh providers, disposed with this object.</summary>
    public ProviderRegistry CreateRegistry()
    {
        var libvirt = new LibvirtProvider();
        made.Add(libvirt);
        return new ProviderRegistry(libvirt);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (made.TryTake(out var provider))
        {
            provider.Dispose();
        }
    }
}
