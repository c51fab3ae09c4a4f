using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Domains;
using Infra.GitOps.Providers.Libvirt.Native;
using Infra.GitOps.Providers.Libvirt.Networks;
using Infra.GitOps.Providers.Libvirt.Resources;
using Infra.GitOps.Providers.Libvirt.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.Providers.Libvirt;

/// <summary>
/// The libvirt provider (package <c>libvirt</c>): storage pools, volumes, networks and domains on a libvirt
/// daemon, by default the local <c>qemu:///system</c>. Configure it once with <see cref="ConfigureAsync"/>
/// (setting <c>uri</c>); it then holds one libvirt connection, which is thread-safe, so every method may be
/// called concurrently for different resources. All libvirt calls run on threads of their own (not the thread
/// pool, which blocking calls would starve) and check the token before each call.
/// <para>
/// Every object it creates carries its URN (see the project README): a name already used by an object
/// without our URN is refused, never adopted. Failures are <see cref="ProviderException"/>s carrying
/// libvirt's message; <see cref="ProviderException.IsTransient"/> is true for timeouts and lost connections.
/// </para>
/// </summary>
public sealed class LibvirtProvider : IResourceProvider, IDisposable
{
    /// <summary>The connection URI used when the stack sets none.</summary>
    public const string DefaultUri = "qemu:///system";

    private readonly ILogger<LibvirtProvider> logger;
    private readonly TimeProvider timeProvider;
    private LibvirtClient? client;
    private ImmutableDictionary<ResourceType, LibvirtResource> resources = ImmutableDictionary<ResourceType, LibvirtResource>.Empty;

    /// <summary>Creates an unconfigured provider.</summary>
    public LibvirtProvider(ILogger<LibvirtProvider> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.logger = logger;
        this.timeProvider = timeProvider;
    }

    /// <summary>Creates an unconfigured provider that logs nothing and uses the system clock.</summary>
    public LibvirtProvider()
        : this(NullLogger<LibvirtProvider>.Instance, TimeProvider.System)
    {
    }

    /// <summary>The resource types this provider serves.</summary>
    public static ImmutableArray<ResourceType> ResourceTypes { get; } =
        [PoolResource.Token, VolumeResource.Token, NetworkResource.Token, DomainResource.Token];

    /// <inheritdoc />
    public string Package => ProviderName.Libvirt.Value;

    /// <summary>The URI of the open connection, or null before <see cref="ConfigureAsync"/>.</summary>
    public string? Uri => client?.Uri;

    /// <summary>Opens the connection to <c>uri</c> (default <see cref="DefaultUri"/>). Throws a transient
    /// <see cref="ProviderException"/> when the daemon does not answer, a permanent one for a bad setting.
    /// Calling it again replaces the connection.</summary>
    public async Task ConfigureAsync(ProviderConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var uri = InputReader.Unwrap(configuration.Settings["uri"]) switch
        {
            null or NullValue => DefaultUri,
            StringValue { Value.Length: > 0 } s => s.Value,
            _ => throw new ProviderException(ProviderName.Libvirt, null, "configure", isTransient: false, "libvirt setting 'uri' must be a non-empty string"),
        };

        LibvirtClient opened;
        try
        {
            opened = await LibvirtClient.RunAsync(() => LibvirtClient.Open(uri, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            throw new ProviderException(
                ProviderName.Libvirt,
                null,
                "configure",
                isTransient: true,
                $"cannot connect to libvirt at '{uri}': {e.Message} (is libvirtd running? see scripts/setup-libvirt)",
                e);
        }

        var previous = Interlocked.Exchange(ref client, opened);
        previous?.Dispose();
        var resourceLogger = (ILogger)logger;
        resources = new LibvirtResource[]
        {
            new PoolResource(opened, timeProvider, resourceLogger),
            new VolumeResource(opened, timeProvider, resourceLogger),
            new NetworkResource(opened, timeProvider, resourceLogger),
            new DomainResource(opened, timeProvider, resourceLogger),
        }.ToImmutableDictionary(r => r.Type);
        Log.Connected(logger, uri);
    }

    /// <inheritdoc />
    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!resources.IsEmpty && !resources.ContainsKey(request.Type))
        {
            return Task.FromResult(new CheckResult(
                request.NewInputs,
                [new CheckFailure(null, $"the libvirt provider has no resource type '{request.Type}'; it serves {string.Join(", ", ResourceTypes)}")]));
        }

        return RunAsync(request.Urn, request.Type, "check", r => r.CheckAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(request.Urn, request.Type, "diff", r => Task.FromResult(r.Diff(request)));
    }

    /// <inheritdoc />
    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(request.Urn, request.Type, "create", r => r.CreateAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReadWithRetriesAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(request.Urn, request.Type, "update", r => r.UpdateAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(request.Urn, request.Type, "delete", async r =>
        {
            await r.DeleteAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => Interlocked.Exchange(ref client, null)?.Dispose();

    private static readonly TimeSpan ReadRetryBudget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A read changes nothing, so a transient failure is retried here, with growing delays for up to about 30 s: crash
    /// recovery and refresh read without the engine's step retries, and a pool stays busy while a volume build that a
    /// killed process started finishes in the daemon.
    /// </summary>
    private async Task<ReadResult> ReadWithRetriesAsync(ReadRequest request, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return await RunAsync(request.Urn, request.Type, "read", r => r.ReadAsync(request, cancellationToken)).ConfigureAwait(false);
            }
            catch (ProviderException e) when (e.IsTransient && waited < ReadRetryBudget)
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                waited += delay;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private async Task<T> RunAsync<T>(Urn urn, ResourceType type, string operation, Func<LibvirtResource, Task<T>> work)
    {
        if (client is null)
        {
            throw new ProviderException(ProviderName.Libvirt, urn, operation, isTransient: false, "the libvirt provider is not configured: call ConfigureAsync first");
        }

        if (!resources.TryGetValue(type, out var resource))
        {
            throw new ProviderException(ProviderName.Libvirt, urn, operation, isTransient: false, $"the libvirt provider has no resource type '{type}'");
        }

        Log.Operation(logger, operation, urn.Value);
        var started = timeProvider.GetTimestamp();
        try
        {
            var result = await work(resource).ConfigureAwait(false);
            Log.OperationFinished(logger, operation, urn.Value, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (LibvirtException e)
        {
            if (e.IsTransient)
            {
                Log.TransientFailure(logger, operation, urn.Value, e.Message);
            }

            throw new ProviderException(ProviderName.Libvirt, urn, operation, e.IsTransient, $"libvirt {operation} of {urn.Name} failed: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ProviderException(ProviderName.Libvirt, urn, operation, isTransient: false, $"libvirt {operation} of {urn.Name} failed: {e.Message}", e);
        }
    }
}
