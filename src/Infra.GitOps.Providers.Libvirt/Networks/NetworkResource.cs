using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;
using Infra.GitOps.Providers.Libvirt.Resources;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Providers.Libvirt.Networks;

/// <summary>
/// <c>libvirt:index/network:Network</c>. Inputs <c>{name, mode: "isolated"|"route"|"nat", bridge?, addresses:
/// [cidr], dhcp: {enabled}, autostart}</c>; outputs <c>{name, uuid, bridge, addresses}</c>; id = UUID.
/// <c>autostart</c> changes in place; anything else replaces the network. Check refuses address ranges that
/// overlap a libvirt network owned by anything but this URN. The URN is a metadata element of the network.
/// </summary>
internal sealed partial class NetworkResource : LibvirtResource
{
    public static readonly ResourceType Token = new("libvirt:index/network:Network");

    public NetworkResource(LibvirtClient client, TimeProvider timeProvider, ILogger logger)
        : base(client, timeProvider, logger)
    {
    }

    public override ResourceType Type => Token;

    public override async Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var (spec, failures) = Parse(request.NewInputs);
        if (spec is null)
        {
            return new CheckResult(request.NewInputs, failures);
        }

        var overlaps = await LibvirtClient.RunAsync(() => FindOverlaps(spec, request.Urn, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!overlaps.IsEmpty)
        {
            return new CheckResult(request.NewInputs, failures.AddRange(overlaps));
        }

        return CheckResult.Valid(Normalise(request.NewInputs, spec));
    }

    public override DiffResult Diff(DiffRequest request) =>
        PropertyDiffer.Diff(request.OldInputs, request.NewInputs, request.IgnoreChanges, static (key, _, _) => key != "autostart");

    public override async Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "create", Parse(request.Inputs));
        return await LibvirtClient.RunAsync(
            () =>
            {
                string? uuid = null;
                using (var existing = Client.FindNetworkByName(spec.Name, cancellationToken))
                {
                    if (existing is not null)
                    {
                        var current = NetworkDefinition.Parse(Client.GetXml(existing, inactive: true, cancellationToken));
                        if (current.Urn != request.Urn.Value)
                        {
                            throw NameTaken(request.Urn, "network", spec.Name);
                        }

                        // Ours, left by a create that never returned: redefine it in place.
                        Client.StopNetwork(existing, cancellationToken);
                        uuid = current.Uuid;
                    }
                }

                using var network = Client.DefineNetwork(NetworkDefinition.Build(spec, request.Urn, uuid), cancellationToken);
                Client.StartNetwork(network, cancellationToken);
                Client.SetAutostart(network, spec.Autostart, cancellationToken);
                return Result(network, cancellationToken);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync<ReadResult>(
            () =>
            {
                using var network = request.Id is null ? FindByUrn(request.Urn, cancellationToken) : Client.FindNetworkByUuid(request.Id, cancellationToken);
                if (network is null)
                {
                    return ResourceGone.Instance;
                }

                var result = Result(network, cancellationToken);
                var definition = NetworkDefinition.Parse(Client.GetXml(network, inactive: true, cancellationToken));
                var inputs = Object(
                    ("name", Text(definition.Name)),
                    ("mode", Text(definition.Mode)),
                    ("addresses", List(definition.Addresses.Select(a => Text(a.ToString())))),
                    ("dhcp", Object(("enabled", Flag(definition.DhcpEnabled)))),
                    ("autostart", Flag(Client.GetAutostart(network, cancellationToken))));
                // The bridge is an input only when the user chose it; otherwise libvirt picks one.
                if (request.Inputs?["bridge"] is StringValue)
                {
                    inputs = inputs.With("bridge", Text(definition.Bridge));
                }

                return new ResourceFound(result.Id, inputs, result.Outputs);
            },
            cancellationToken);

    public override async Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "update", Parse(request.NewInputs));
        return await LibvirtClient.RunAsync(
            () =>
            {
                using var network = Client.FindNetworkByUuid(request.Id, cancellationToken)
                    ?? throw Rejected(request.Urn, "update", $"network {request.Id} no longer exists");
                if (!Client.IsActive(network, cancellationToken))
                {
                    Client.StartNetwork(network, cancellationToken);
                }

                Client.SetAutostart(network, spec.Autostart, cancellationToken);
                return new UpdateResult(Result(network, cancellationToken).Outputs);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync(
            () =>
            {
                using var network = Client.FindNetworkByUuid(request.Id, cancellationToken);
                if (network is null)
                {
                    return;
                }

                Client.StopNetwork(network, cancellationToken);
                Client.UndefineNetwork(network, cancellationToken);
            },
            cancellationToken);

    internal static (NetworkSpec? Spec, ImmutableArray<CheckFailure> Failures) Parse(ObjectValue inputs)
    {
        var reader = new InputReader(inputs);
        var name = reader.Name();
        var mode = reader.String("mode", required: false) ?? "isolated";
        if (mode is not ("isolated" or "route" or "nat"))
        {
            reader.Fail("mode", $"network mode '{mode}' is not supported: use 'isolated', 'route' or 'nat'");
        }

        var bridge = reader.String("bridge", required: false);
        if (bridge is not null && !BridgePattern().IsMatch(bridge))
        {
            reader.Fail("bridge", $"bridge name '{bridge}' must be 1 to 15 characters from a-z, A-Z, 0-9, '_' and '-'");
        }

        var addresses = ImmutableArray.CreateBuilder<Ipv4Cidr>();
        var items = reader.Array("addresses");
        if (items is { IsEmpty: true })
        {
            reader.Fail("addresses", "a network needs at least one address range (CIDR)");
        }

        foreach (var item in items ?? ImmutableArray<PropertyValue>.Empty)
        {
            if (item is not StringValue text)
            {
                if (item is { IsKnown: true })
                {
                    reader.Fail("addresses", "'addresses' must be a list of CIDR strings");
                }

                continue;
            }

            if (!Ipv4Cidr.TryParse(text.Value, out var cidr, out var error))
            {
                reader.Fail("addresses", error);
            }
            else if (cidr.Prefix is < 8 or > 30)
            {
                reader.Fail("addresses", $"'{text.Value}' must have a prefix length from 8 to 30");
            }
            else if (addresses.Any(a => a.Overlaps(cidr)))
            {
                reader.Fail("addresses", $"'{text.Value}' overlaps another range of the same network");
            }
            else
            {
                addresses.Add(cidr);
            }
        }

        var dhcpEnabled = true;
        switch (reader.Raw("dhcp"))
        {
            case null or NullValue:
                break;
            case ObjectValue dhcp when InputReader.Unwrap(dhcp["enabled"]) is BoolValue enabled:
                dhcpEnabled = enabled.Value;
                break;
            case ObjectValue dhcp when dhcp["enabled"] is null or NullValue:
                break;
            case { IsKnown: true }:
                reader.Fail("dhcp", "'dhcp' must be an object { enabled: true|false }");
                break;
        }

        var autostart = reader.Bool("autostart", defaultValue: false);
        var complete = !reader.HasFailures && name is not null && items is not null && autostart is not null
            && !reader.IsUnknown("dhcp") && !reader.IsUnknown("mode") && !reader.IsUnknown("bridge");
        return (complete ? new NetworkSpec(name!, mode, bridge, addresses.ToImmutable(), dhcpEnabled, autostart!.Value) : null, reader.Failures);
    }

    private static ObjectValue Normalise(ObjectValue inputs, NetworkSpec spec) =>
        inputs
            .With("mode", Text(spec.Mode))
            .With("addresses", List(spec.Addresses.Select(a => Text(a.ToString()))))
            .With("dhcp", Object(("enabled", Flag(spec.DhcpEnabled))))
            .With("autostart", Flag(spec.Autostart));

    private ImmutableArray<CheckFailure> FindOverlaps(NetworkSpec spec, Urn urn, CancellationToken cancellationToken)
    {
        var failures = ImmutableArray.CreateBuilder<CheckFailure>();
        foreach (var network in Client.ListNetworks(cancellationToken))
        {
            using (network)
            {
                var other = NetworkDefinition.Parse(Client.GetXml(network, inactive: true, cancellationToken));
                if (other.Urn == urn.Value)
                {
                    continue;
                }

                foreach (var mine in spec.Addresses)
                {
                    foreach (var theirs in other.Addresses.Where(mine.Overlaps))
                    {
                        failures.Add(new CheckFailure(
                            "addresses",
                            $"'{mine}' overlaps {theirs} of the existing libvirt network '{other.Name}'"));
                    }
                }
            }
        }

        return failures.ToImmutable();
    }

    private NetworkHandle? FindByUrn(Urn urn, CancellationToken cancellationToken)
    {
        NetworkHandle? found = null;
        foreach (var network in Client.ListNetworks(cancellationToken))
        {
            if (found is null && NetworkDefinition.Parse(Client.GetXml(network, inactive: true, cancellationToken)).Urn == urn.Value)
            {
                found = network;
            }
            else
            {
                network.Dispose();
            }
        }

        return found;
    }

    private CreateResult Result(NetworkHandle network, CancellationToken cancellationToken)
    {
        // The live XML carries the bridge libvirt picked when none was asked for.
        var definition = NetworkDefinition.Parse(Client.GetXml(network, inactive: false, cancellationToken));
        return new CreateResult(
            definition.Uuid,
            Object(
                ("name", Text(definition.Name)),
                ("uuid", Text(definition.Uuid)),
                ("bridge", Text(definition.Bridge)),
                ("addresses", List(definition.Addresses.Select(a => Text(a.ToString()))))));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex BridgePattern();
}
