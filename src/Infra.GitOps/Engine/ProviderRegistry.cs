using System.Collections.Concurrent;
using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Engine;

/// <summary>
/// The providers an operation may use, by package name (the first part of a type token). The composition root
/// (the CLI, a user's test) registers them; each operation configures the ones it needs once, before any other
/// call, with the stack's settings. Thread-safe.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly ImmutableDictionary<string, IResourceProvider> providers;
    private readonly ConcurrentDictionary<string, Lazy<Task>> configured = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="providers"/> by their <see cref="IResourceProvider.Package"/>; a
    /// package given twice is an <see cref="ArgumentException"/>.</summary>
    public ProviderRegistry(IEnumerable<IResourceProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var builder = ImmutableDictionary.CreateBuilder<string, IResourceProvider>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            if (!builder.TryAdd(provider.Package, provider))
            {
                throw new ArgumentException($"two providers for package '{provider.Package}'", nameof(providers));
            }
        }

        this.providers = builder.ToImmutable();
    }

    /// <summary>Registers the given providers.</summary>
    public ProviderRegistry(params IResourceProvider[] providers)
        : this((IEnumerable<IResourceProvider>)providers)
    {
    }

    /// <summary>The registered packages.</summary>
    public IEnumerable<string> Packages => providers.Keys.Order(StringComparer.Ordinal);

    /// <summary>The provider of a package, or null when none is registered.</summary>
    public IResourceProvider? Find(string package) => providers.GetValueOrDefault(package);

    /// <summary>
    /// Configures the providers of <paramref name="packages"/> that are registered, once per registry instance
    /// (a second call for a package does nothing): the configuration is <paramref name="configurations"/>'s entry
    /// for the package, or empty settings.
    /// </summary>
    public async Task ConfigureAsync(
        string project,
        string stack,
        IReadOnlyDictionary<string, ObjectValue> configurations,
        IEnumerable<string> packages,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var tasks = new List<Task>();
        foreach (var package in packages.Distinct(StringComparer.Ordinal))
        {
            if (Find(package) is not { } provider)
            {
                continue;
            }

            var settings = configurations.GetValueOrDefault(package) ?? ObjectValue.Empty;
            var lazy = configured.GetOrAdd(
                package,
                _ => new Lazy<Task>(() => provider.ConfigureAsync(new ProviderConfiguration(project, stack, settings), cancellationToken)));
            tasks.Add(lazy.Value);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
