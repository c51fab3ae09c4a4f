using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>The fields of a resolved VirtualMachine spec that the translations use.</summary>
internal sealed record VirtualMachineSpec(
    PropertyValue? Size,
    int? Cpus,
    int? MemoryMiB,
    PropertyValue? Image,
    string? Network,
    string? Subnet,
    ImmutableArray<string> Disks,
    ImmutableArray<PropertyValue> SshKeys,
    PropertyValue? UserData,
    bool Running,
    ObjectValue? ProviderOptions,
    ImmutableSortedDictionary<string, PropertyValue> Labels)
{
    /// <summary>vCPUs and MiB of the cloud-neutral sizes.</summary>
    public static readonly ImmutableDictionary<string, (int Cpus, int MemoryMiB)> NeutralSizes =
        new Dictionary<string, (int, int)>(StringComparer.Ordinal)
        {
            ["small"] = (1, 256),
            ["medium"] = (2, 512),
            ["large"] = (4, 1024),
        }.ToImmutableDictionary(StringComparer.Ordinal);

    public static VirtualMachineSpec Read(DocumentNode node)
    {
        var spec = node.Spec;
        var labels = ImmutableSortedDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Document.Labels)
        {
            labels[key] = new StringValue(value);
        }

        return new VirtualMachineSpec(
            spec["size"],
            Values.GetInt(spec, "cpus"),
            Values.GetInt(spec, "memoryMiB"),
            spec["image"],
            Values.GetString(spec, "network"),
            Values.GetString(spec, "subnet"),
            [.. Values.GetArray(spec, "disks").OfType<StringValue>().Select(s => s.Value)],
            Values.GetArray(spec, "sshKeys"),
            spec["userData"],
            Values.GetBool(spec, "running", true),
            Values.GetObject(spec, "providerOptions"),
            labels.ToImmutable());
    }

    /// <summary>Looks a size up in a provider's table (<c>small</c> → <c>t3.micro</c>); other strings and
    /// references pass through as provider size strings.</summary>
    public PropertyValue? ProviderSize(IReadOnlyDictionary<string, string> table) =>
        Size is StringValue s && table.TryGetValue(s.Value, out var mapped) ? new StringValue(mapped) : Size;
}
