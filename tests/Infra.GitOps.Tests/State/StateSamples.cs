using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;

namespace Infra.GitOps.Tests.State;

/// <summary>Resources and snapshots for the state tests.</summary>
internal static class StateSamples
{
    public const string Canary = "canary-7f3a9c-plaintext";

    public static readonly DateTimeOffset Now = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    public static readonly Urn StackUrn = new("urn:pulumi:dev::lab::pulumi:pulumi:Stack::lab-dev");

    public static readonly Urn ProviderUrn = new("urn:pulumi:dev::lab::pulumi:providers:libvirt::default");

    public static SecretsKeySource Passphrase(string passphrase = "test-passphrase") =>
        SecretsKeySource.FromPassphrase(passphrase, iterations: 1_000);

    public static Urn UrnOf(string name, string type = "libvirt:index/domain:Domain") =>
        new($"urn:pulumi:dev::lab::{type}::{name}");

    public static ResourceState Stack() => new()
    {
        Urn = StackUrn,
        Custom = false,
        Type = ResourceType.Stack,
    };

    public static ResourceState Provider() => new()
    {
        Urn = ProviderUrn,
        Custom = true,
        Type = new ResourceType("pulumi:providers:libvirt"),
        Id = "8d7e0c36-1a2b-4c5d-9e8f-001122334455",
        Parent = null,
        Inputs = ObjectValue.Empty.With("uri", PropertyValue.Of("qemu:///system")),
        Outputs = ObjectValue.Empty.With("uri", PropertyValue.Of("qemu:///system")),
    };

    public static ResourceState Domain(string name, params Urn[] dependencies) => new()
    {
        Urn = UrnOf(name),
        Custom = true,
        Type = new ResourceType("libvirt:index/domain:Domain"),
        Id = "uuid-" + name,
        Parent = StackUrn,
        Provider = ProviderUrn.Value + "::8d7e0c36-1a2b-4c5d-9e8f-001122334455",
        Inputs = ObjectValue.Empty
            .With("name", PropertyValue.Of("lab-dev-" + name))
            .With("memory", PropertyValue.Of(256))
            .With("running", PropertyValue.Of(true)),
        Outputs = ObjectValue.Empty
            .With("name", PropertyValue.Of("lab-dev-" + name))
            .With("ipAddress", PropertyValue.Of("10.10.0.5")),
        Dependencies = [.. dependencies],
    };

    /// <summary>A resource using every field, secrets and unknowns included.</summary>
    public static ResourceState Full() => Domain("full", UrnOf("net", "libvirt:index/network:Network")) with
    {
        Inputs = ObjectValue.Empty
            .With("name", PropertyValue.Of("lab-dev-full"))
            .With("password", new SecretValue(PropertyValue.Of(Canary)))
            .With("nested", ObjectValue.Empty
                .With("list", new ArrayValue([PropertyValue.Of(1.5), PropertyValue.Null, PropertyValue.Of(false)]))
                .With("deep", new SecretValue(ObjectValue.Empty.With("k", PropertyValue.Of("v")))))
            .With("unicode", PropertyValue.Of("ünï + <html> \"quoted\"")),
        Outputs = ObjectValue.Empty.With("ipAddress", UnknownValue.Instance),
        PropertyDependencies = ImmutableSortedDictionary.CreateRange(
            StringComparer.Ordinal,
            [
                KeyValuePair.Create("name", ImmutableArray<Urn>.Empty),
                KeyValuePair.Create("network", ImmutableArray.Create(UrnOf("net", "libvirt:index/network:Network"))),
            ]),
        Protect = true,
        RetainOnDelete = true,
        PendingReplacement = true,
        IgnoreChanges = ["tags", "userData"],
        ReplaceOnChanges = ["image"],
        Created = Now,
        Modified = Now.AddMinutes(5),
    };

    /// <summary>Records the create of <paramref name="resource"/> in <paramref name="journal"/>: its begin (no id, no outputs), then its success.</summary>
    public static async Task RecordCreateAsync(IStateJournal journal, ResourceState resource, CancellationToken cancellationToken)
    {
        var operation = new PendingOperation(resource with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
        await journal.BeginStepAsync(operation, cancellationToken);
        await journal.SucceedStepAsync(operation, resource, cancellationToken);
    }

    public static StackSnapshot Snapshot(params ResourceState[] resources) =>
        new([.. resources], ImmutableArray<PendingOperation>.Empty, Now);

    public static StackSnapshot Large(int count)
    {
        var resources = new List<ResourceState>(count + 2) { Stack(), Provider() };
        for (var i = 0; i < count; i++)
        {
            var dependencies = i == 0 ? Array.Empty<Urn>() : [UrnOf("vm-" + (i - 1))];
            resources.Add(Domain("vm-" + i, dependencies));
        }

        return Snapshot([.. resources]);
    }
}
