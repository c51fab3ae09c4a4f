using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Providers.Libvirt.Resources;

/// <summary>
/// One libvirt resource type (pool, volume, network, domain): the provider contract's operations for it.
/// Implementations run blocking libvirt calls on threads of their own through <see cref="LibvirtClient.RunAsync{T}"/>,
/// throw <see cref="LibvirtException"/> for libvirt failures and <see cref="ProviderException"/> (via
/// <see cref="Rejected"/>) for conflicts a retry cannot fix; the provider maps the former.
/// </summary>
internal abstract class LibvirtResource
{
    protected LibvirtResource(LibvirtClient client, TimeProvider timeProvider, ILogger logger)
    {
        Client = client;
        Time = timeProvider;
        Logger = logger;
    }

    /// <summary>The type token served.</summary>
    public abstract ResourceType Type { get; }

    protected LibvirtClient Client { get; }

    protected TimeProvider Time { get; }

    protected ILogger Logger { get; }

    public abstract Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken);

    public abstract DiffResult Diff(DiffRequest request);

    public abstract Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken);

    public abstract Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken);

    public abstract Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken);

    /// <summary>A permanent failure of <paramref name="operation"/> on <paramref name="urn"/>.</summary>
    protected static ProviderException Rejected(Urn urn, string operation, string message) =>
        new(ProviderName.Libvirt, urn, operation, isTransient: false, message);

    /// <summary>The standard refusal to take over an object we did not create.</summary>
    protected static ProviderException NameTaken(Urn urn, string kind, string name) =>
        Rejected(urn, "create", $"a libvirt {kind} named '{name}' already exists and is not managed by this stack");

    /// <summary>Validated inputs for apply-time operations; invalid inputs here mean Check was skipped.</summary>
    protected static T Valid<T>(Urn urn, string operation, (T? Spec, ImmutableArray<CheckFailure> Failures) parsed)
        where T : class =>
        parsed.Spec is { } spec && parsed.Failures.IsEmpty
            ? spec
            : throw Rejected(urn, operation, "invalid inputs: " + string.Join("; ", parsed.Failures.Select(f => f.Reason)));

    protected static ObjectValue Object(params (string Name, PropertyValue Value)[] properties) =>
        ObjectValue.From(properties.Select(p => KeyValuePair.Create(p.Name, p.Value)));

    protected static PropertyValue Text(string value) => new StringValue(value);

    protected static PropertyValue Number(double value) => new NumberValue(value);

    protected static PropertyValue Flag(bool value) => new BoolValue(value);

    protected static PropertyValue List(IEnumerable<PropertyValue> items) => new ArrayValue(items.ToImmutableArray());

    /// <summary>Waits between two polls of the daemon, on the provider's clock.</summary>
    protected Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, Time, cancellationToken);
}
