using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;
using Infra.GitOps.Providers.Libvirt.Resources;
using Infra.GitOps.Providers.Libvirt.Storage;
using Infra.GitOps.Providers.Libvirt.Tagging;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Providers.Libvirt.Domains;

/// <summary>
/// <c>libvirt:index/domain:Domain</c>: a QEMU (TCG) guest. Inputs <c>{name, vcpu, memory (MiB), running,
/// autostart, kernel?, initrd?, cmdline?, disks: [{volumeId}], networkInterfaces: [{networkName, mac?,
/// waitForLease}]}</c>; outputs <c>{name, uuid, state, networkInterfaces: [{networkName, mac, addresses}],
/// ipAddress}</c>; id = UUID. <c>memory</c> and <c>vcpu</c> change in place with a restart (destroy, redefine,
/// start); <c>running</c> and <c>autostart</c> change in place; anything else replaces the domain. The URN is our
/// domain metadata element.
/// </summary>
internal sealed partial class DomainResource : LibvirtResource
{
    public static readonly ResourceType Token = new("libvirt:index/domain:Domain");

    /// <summary>Longest wait for DHCP leases when the request gives no timeout.</summary>
    private static readonly TimeSpan DefaultLeaseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a guest gets to power off after the ACPI button before it is destroyed.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private static readonly ImmutableHashSet<string> InPlace = ImmutableHashSet.Create(StringComparer.Ordinal, "memory", "vcpu", "running", "autostart");

    public DomainResource(LibvirtClient client, TimeProvider timeProvider, ILogger logger)
        : base(client, timeProvider, logger)
    {
    }

    public override ResourceType Type => Token;

    public override Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var (spec, failures) = Parse(request.NewInputs);
        return Task.FromResult(spec is null ? new CheckResult(request.NewInputs, failures) : CheckResult.Valid(Normalise(request.NewInputs, spec)));
    }

    public override DiffResult Diff(DiffRequest request) =>
        PropertyDiffer.Diff(
            request.OldInputs,
            request.NewInputs,
            request.IgnoreChanges,
            static (key, _, _) => !InPlace.Contains(key),
            static (key, before, after) => key == "networkInterfaces" && SameInterfaces(before, after));

    public override async Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "create", Parse(request.Inputs));
        var uuid = await LibvirtClient.RunAsync(
            () =>
            {
                using (var existing = Client.FindDomainByName(spec.Name, cancellationToken))
                {
                    if (existing is not null)
                    {
                        var tag = UrnTag.FromResourceElement(Client.GetMetadata(existing, UrnTag.NamespaceUri, cancellationToken));
                        if (tag != request.Urn.Value)
                        {
                            throw NameTaken(request.Urn, "domain", spec.Name);
                        }

                        // Ours, left by a create that never returned: start over from a clean definition.
                        Client.DestroyDomain(existing, cancellationToken);
                        Client.UndefineDomain(existing, cancellationToken);
                    }
                }

                var xml = DomainDefinition.Build(spec, request.Urn, uuid: null, [], path => DiskFormat(path, cancellationToken));
                using var domain = Client.DefineDomain(xml, cancellationToken);
                if (spec.Autostart)
                {
                    Client.SetAutostart(domain, true, cancellationToken);
                }

                if (spec.Running)
                {
                    Client.StartDomain(domain, cancellationToken);
                }

                return DomainDefinition.Parse(Client.GetXml(domain, inactive: true, cancellationToken)).Uuid;
            },
            cancellationToken).ConfigureAwait(false);

        var outputs = await SettleAsync(request.Urn, "create", uuid, spec, request.Timeout, cancellationToken).ConfigureAwait(false);
        return new CreateResult(uuid, outputs);
    }

    public override Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync<ReadResult>(
            () =>
            {
                using var domain = request.Id is null ? FindByUrn(request.Urn, cancellationToken) : Client.FindDomainByUuid(request.Id, cancellationToken);
                if (domain is null)
                {
                    return ResourceGone.Instance;
                }

                var definition = DomainDefinition.Parse(Client.GetXml(domain, inactive: true, cancellationToken));
                var state = Client.GetState(domain, cancellationToken);
                return new ResourceFound(
                    definition.Uuid,
                    ObservedInputs(definition, state, Client.GetAutostart(domain, cancellationToken), request.Inputs),
                    Outputs(domain, definition, state, cancellationToken));
            },
            cancellationToken);

    public override async Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "update", Parse(request.NewInputs));
        var mustStop = await LibvirtClient.RunAsync(
            () =>
            {
                using var domain = Client.FindDomainByUuid(request.Id, cancellationToken)
                    ?? throw Rejected(request.Urn, "update", $"domain {request.Id} no longer exists");
                var current = DomainDefinition.Parse(Client.GetXml(domain, inactive: true, cancellationToken));
                var xml = DomainDefinition.Build(
                    spec,
                    request.Urn,
                    request.Id,
                    current.Interfaces.Select(i => i.Mac).ToList(),
                    path => DiskFormat(path, cancellationToken));

                // Memory and vCPUs of a running QEMU guest only change with a restart of the guest.
                var hardwareChanged = current.Vcpu != spec.Vcpu || current.MemoryMiB != spec.MemoryMiB;
                if (hardwareChanged && Client.GetState(domain, cancellationToken) != DomainState.ShutOff)
                {
                    Client.DestroyDomain(domain, cancellationToken);
                }

                Client.DefineDomain(xml, cancellationToken).Dispose();
                Client.SetAutostart(domain, spec.Autostart, cancellationToken);
                var state = Client.GetState(domain, cancellationToken);
                if (spec.Running && state == DomainState.ShutOff)
                {
                    Client.StartDomain(domain, cancellationToken);
                    return false;
                }

                return !spec.Running && state != DomainState.ShutOff;
            },
            cancellationToken).ConfigureAwait(false);

        if (mustStop)
        {
            await StopAsync(request.Id, cancellationToken).ConfigureAwait(false);
        }

        return new UpdateResult(await SettleAsync(request.Urn, "update", request.Id, spec, request.Timeout, cancellationToken).ConfigureAwait(false));
    }

    public override Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync(
            () =>
            {
                using var domain = Client.FindDomainByUuid(request.Id, cancellationToken);
                if (domain is null)
                {
                    return;
                }

                var name = DomainDefinition.Parse(Client.GetXml(domain, inactive: true, cancellationToken)).Name;
                Client.DestroyDomain(domain, cancellationToken);
                Client.UndefineDomain(domain, cancellationToken);
                File.Delete(DomainDefinition.ConsoleLogPath(name));
            },
            cancellationToken);

    internal static (DomainSpec? Spec, ImmutableArray<CheckFailure> Failures) Parse(ObjectValue inputs)
    {
        var reader = new InputReader(inputs);
        var name = reader.Name();
        var vcpu = reader.Integer("vcpu", required: true, min: 1, max: 64);
        var memory = reader.Integer("memory", required: true, min: 64, max: 1_048_576);
        var running = reader.Bool("running", defaultValue: true);
        var autostart = reader.Bool("autostart", defaultValue: false);
        var kernel = ExistingFile(reader, "kernel");
        var initrd = ExistingFile(reader, "initrd");
        var cmdline = reader.String("cmdline", required: false);
        if (kernel is null && !reader.IsUnknown("kernel"))
        {
            if (reader.Raw("initrd") is StringValue)
            {
                reader.Fail("initrd", "an initrd needs a kernel (direct kernel boot)");
            }

            if (cmdline is not null)
            {
                reader.Fail("cmdline", "a kernel command line needs a kernel (direct kernel boot)");
            }
        }

        var disks = ReadDisks(reader);
        var interfaces = ReadInterfaces(reader);
        if (disks is { IsEmpty: true } && inputs["kernel"] is null or NullValue)
        {
            reader.Fail("disks", "a domain boots from a kernel or from its first disk: give 'kernel' or at least one disk");
        }

        var complete = !reader.HasFailures && name is not null && vcpu is not null && memory is not null && running is not null
            && autostart is not null && disks is not null && interfaces is not null
            && !reader.IsUnknown("kernel") && !reader.IsUnknown("initrd") && !reader.IsUnknown("cmdline");
        return (complete
                ? new DomainSpec(name!, (int)vcpu!.Value, memory!.Value, running!.Value, autostart!.Value, kernel, initrd, cmdline, disks!.Value, interfaces!.Value)
                : null,
            reader.Failures);
    }

    private static string? ExistingFile(InputReader reader, string property)
    {
        var path = reader.String(property, required: false);
        if (path is null)
        {
            return null;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            reader.Fail(property, $"{property} '{path}' must be an absolute path");
            return null;
        }

        if (!File.Exists(path))
        {
            reader.Fail(property, $"{property} '{path}' does not exist (for builtin:tiny run scripts/setup-libvirt)");
            return null;
        }

        return path;
    }

    private static ImmutableArray<string>? ReadDisks(InputReader reader)
    {
        var items = reader.Array("disks");
        if (items is null)
        {
            return null;
        }

        if (items.Value.Length > 20)
        {
            reader.Fail("disks", "a domain takes at most 20 disks");
        }

        var disks = ImmutableArray.CreateBuilder<string>();
        foreach (var item in items.Value)
        {
            switch (item)
            {
                case ObjectValue disk when InputReader.Unwrap(disk["volumeId"]) is StringValue { Value: var path }:
                    if (Path.IsPathFullyQualified(path))
                    {
                        disks.Add(path);
                    }
                    else
                    {
                        reader.Fail("disks", $"disk volumeId '{path}' must be the absolute path of a volume");
                    }

                    break;
                case { IsKnown: false }:
                case ObjectValue disk2 when disk2["volumeId"] is { IsKnown: false }:
                    return null;
                default:
                    reader.Fail("disks", "each disk must be an object { volumeId: <volume path> }");
                    break;
            }
        }

        return disks.ToImmutable();
    }

    private static ImmutableArray<InterfaceSpec>? ReadInterfaces(InputReader reader)
    {
        var items = reader.Array("networkInterfaces");
        if (items is null)
        {
            return null;
        }

        var interfaces = ImmutableArray.CreateBuilder<InterfaceSpec>();
        foreach (var item in items.Value)
        {
            if (item is { IsKnown: false })
            {
                return null;
            }

            if (item is not ObjectValue nic || InputReader.Unwrap(nic["networkName"]) is not StringValue { Value: var network })
            {
                reader.Fail("networkInterfaces", "each network interface must be an object { networkName, mac?, waitForLease? }");
                continue;
            }

            if (!InputReader.IsValidName(network))
            {
                reader.Fail("networkInterfaces", $"'{network}' is not a valid libvirt network name");
            }

            string? mac = null;
            switch (InputReader.Unwrap(nic["mac"]))
            {
                case null or NullValue:
                    break;
                case StringValue { Value: var text } when MacPattern().IsMatch(text) && (Convert.ToByte(text[..2], 16) & 1) == 0:
                    mac = text.ToLowerInvariant();
                    break;
                case StringValue { Value: var text }:
                    reader.Fail("networkInterfaces", $"'{text}' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)");
                    break;
                default:
                    reader.Fail("networkInterfaces", "'mac' must be a string");
                    break;
            }

            var wait = InputReader.Unwrap(nic["waitForLease"]) switch
            {
                BoolValue b => b.Value,
                null or NullValue => false,
                _ => Invalid(reader),
            };
            interfaces.Add(new InterfaceSpec(network, mac, wait));
        }

        return interfaces.ToImmutable();

        static bool Invalid(InputReader reader)
        {
            reader.Fail("networkInterfaces", "'waitForLease' must be true or false");
            return false;
        }
    }

    private static ObjectValue Normalise(ObjectValue inputs, DomainSpec spec) =>
        inputs
            .With("running", Flag(spec.Running))
            .With("autostart", Flag(spec.Autostart))
            .With("disks", List(spec.Disks.Select(d => Object(("volumeId", Text(d))))))
            .With("networkInterfaces", List(spec.Interfaces.Select(i => InterfaceInput(i, includeMac: i.Mac is not null))));

    private static PropertyValue InterfaceInput(InterfaceSpec nic, bool includeMac)
    {
        var value = Object(("networkName", Text(nic.NetworkName)), ("waitForLease", Flag(nic.WaitForLease)));
        return includeMac && nic.Mac is not null ? value.With("mac", Text(nic.Mac)) : value;
    }

    /// <summary>Interfaces are the same when they attach to the same networks in the same order with the same
    /// MACs where both sides name one; <c>waitForLease</c> only matters while applying.</summary>
    private static bool SameInterfaces(PropertyValue? before, PropertyValue? after)
    {
        static ImmutableArray<PropertyValue> Items(PropertyValue? value) =>
            value is ArrayValue array ? array.Items : ImmutableArray<PropertyValue>.Empty;

        var left = Items(before);
        var right = Items(after);
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] is not ObjectValue a || right[i] is not ObjectValue b || !Equals(a["networkName"], b["networkName"]))
            {
                return false;
            }

            if (a["mac"] is StringValue macA && b["mac"] is StringValue macB && !string.Equals(macA.Value, macB.Value, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static ObjectValue ObservedInputs(DomainDefinition definition, DomainState state, bool autostart, ObjectValue? recorded)
    {
        var recordedInterfaces = recorded?["networkInterfaces"] is ArrayValue array ? array.Items : ImmutableArray<PropertyValue>.Empty;
        var interfaces = definition.Interfaces.Select((nic, i) =>
        {
            var old = i < recordedInterfaces.Length ? recordedInterfaces[i] as ObjectValue : null;
            var wait = old?["waitForLease"] is BoolValue { Value: true };
            return InterfaceInput(nic with { WaitForLease = wait }, includeMac: old?["mac"] is StringValue);
        });
        var inputs = Object(
            ("name", Text(definition.Name)),
            ("vcpu", Number(definition.Vcpu)),
            ("memory", Number(definition.MemoryMiB)),
            ("running", Flag(state is DomainState.Running or DomainState.Blocked or DomainState.Paused)),
            ("autostart", Flag(autostart)),
            ("disks", List(definition.Disks.Select(d => Object(("volumeId", Text(d)))))),
            ("networkInterfaces", List(interfaces)));
        foreach (var (key, value) in new[] { ("kernel", definition.Kernel), ("initrd", definition.Initrd), ("cmdline", definition.Cmdline) })
        {
            if (value is not null)
            {
                inputs = inputs.With(key, Text(value));
            }
        }

        return inputs;
    }

    private static string StateName(DomainState state) => state switch
    {
        DomainState.Running => "running",
        DomainState.Blocked => "idle",
        DomainState.Paused => "paused",
        DomainState.ShuttingDown => "in shutdown",
        DomainState.ShutOff => "shut off",
        DomainState.Crashed => "crashed",
        DomainState.PowerManagementSuspended => "pmsuspended",
        _ => "no state",
    };

    private ObjectValue Outputs(DomainHandle domain, DomainDefinition definition, DomainState state, CancellationToken cancellationToken)
    {
        var guest = state == DomainState.Running
            ? Client.GetInterfaceAddresses(domain, cancellationToken)
            : ImmutableArray<GuestInterface>.Empty;
        var interfaces = definition.Interfaces.Select(nic =>
        {
            var addresses = guest.Where(g => string.Equals(g.Mac, nic.Mac, StringComparison.OrdinalIgnoreCase)).SelectMany(g => g.Addresses).ToImmutableArray();
            return (nic, addresses);
        }).ToImmutableArray();
        var first = interfaces.SelectMany(i => i.addresses).FirstOrDefault() ?? string.Empty;
        return Object(
            ("name", Text(definition.Name)),
            ("uuid", Text(definition.Uuid)),
            ("state", Text(StateName(state))),
            ("networkInterfaces", List(interfaces.Select(i => (PropertyValue)Object(
                ("networkName", Text(i.nic.NetworkName)),
                ("mac", Text(i.nic.Mac ?? string.Empty)),
                ("addresses", List(i.addresses.Select(Text))))))),
            ("ipAddress", Text(first)));
    }

    /// <summary>Reads the outputs, first waiting (bounded) until every interface with <c>waitForLease</c> of a
    /// running domain has an address.</summary>
    private async Task<ObjectValue> SettleAsync(Urn urn, string operation, string uuid, DomainSpec spec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var limit = timeout > TimeSpan.Zero ? timeout : DefaultLeaseTimeout;
        var started = Time.GetTimestamp();
        while (true)
        {
            var (outputs, waitingFor) = await LibvirtClient.RunAsync(
                () =>
                {
                    using var domain = Client.FindDomainByUuid(uuid, cancellationToken)
                        ?? throw Rejected(urn, operation, $"domain '{spec.Name}' disappeared while it was being {operation}d");
                    var definition = DomainDefinition.Parse(Client.GetXml(domain, inactive: true, cancellationToken));
                    var state = Client.GetState(domain, cancellationToken);
                    var outputs = Outputs(domain, definition, state, cancellationToken);
                    string? waiting = null;
                    if (spec.Running && outputs["networkInterfaces"] is ArrayValue nics)
                    {
                        for (var i = 0; i < spec.Interfaces.Length && i < nics.Items.Length; i++)
                        {
                            if (spec.Interfaces[i].WaitForLease && nics.Items[i] is ObjectValue nic && nic["addresses"] is ArrayValue { Items.IsEmpty: true })
                            {
                                waiting = spec.Interfaces[i].NetworkName;
                                break;
                            }
                        }
                    }

                    return (outputs, waiting);
                },
                cancellationToken).ConfigureAwait(false);
            if (waitingFor is null)
            {
                return outputs;
            }

            var elapsed = Time.GetElapsedTime(started);
            if (elapsed >= limit)
            {
                throw new ProviderException(
                    ProviderName.Libvirt,
                    urn,
                    operation,
                    isTransient: true,
                    $"domain '{spec.Name}' got no DHCP lease on network '{waitingFor}' within {limit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            }

            await PauseAsync(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Presses the ACPI power button, waits (bounded) for the guest to power off, then pulls the plug.</summary>
    private async Task StopAsync(string uuid, CancellationToken cancellationToken)
    {
        await LibvirtClient.RunAsync(
            () =>
            {
                using var domain = Client.FindDomainByUuid(uuid, cancellationToken);
                if (domain is not null && Client.GetState(domain, cancellationToken) != DomainState.ShutOff)
                {
                    Client.ShutdownDomain(domain, cancellationToken);
                }
            },
            cancellationToken).ConfigureAwait(false);

        var started = Time.GetTimestamp();
        while (true)
        {
            var off = await LibvirtClient.RunAsync(
                () =>
                {
                    using var domain = Client.FindDomainByUuid(uuid, cancellationToken);
                    return domain is null || Client.GetState(domain, cancellationToken) == DomainState.ShutOff;
                },
                cancellationToken).ConfigureAwait(false);
            if (off)
            {
                return;
            }

            var elapsed = Time.GetElapsedTime(started);
            if (elapsed >= ShutdownGrace)
            {
                Log.ShutdownForced(Logger, uuid, (long)elapsed.TotalMilliseconds);
                await LibvirtClient.RunAsync(
                    () =>
                    {
                        using var domain = Client.FindDomainByUuid(uuid, cancellationToken);
                        if (domain is not null)
                        {
                            Client.DestroyDomain(domain, cancellationToken);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                return;
            }

            await PauseAsync(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The disk format libvirt knows for a volume; header probing only for files outside any pool.</summary>
    private string DiskFormat(string path, CancellationToken cancellationToken)
    {
        using var volume = Client.FindVolumeByPath(path, cancellationToken);
        if (volume is not null)
        {
            return VolumeDefinition.Parse(Client.GetXml(volume, cancellationToken)).Format;
        }

        return File.Exists(path) ? VolumeDefinition.DetectFormat(path) : "raw";
    }

    private DomainHandle? FindByUrn(Urn urn, CancellationToken cancellationToken)
    {
        DomainHandle? found = null;
        foreach (var domain in Client.ListDomains(cancellationToken))
        {
            if (found is null && UrnTag.FromResourceElement(Client.GetMetadata(domain, UrnTag.NamespaceUri, cancellationToken)) == urn.Value)
            {
                found = domain;
            }
            else
            {
                domain.Dispose();
            }
        }

        return found;
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$", RegexOptions.CultureInvariant)]
    private static partial Regex MacPattern();
}
