using System.Collections.Frozen;
using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading.Schema;

/// <summary>
/// The schema of every document kind, defined once: the loader validates with it and
/// <see cref="InfraJsonSchema"/> publishes it. Changing a kind here changes both (a test keeps the committed
/// JSON Schema in step).
/// </summary>
internal static class DocumentSchemas
{
    public const string ApiGroupPrefix = "infra.gitops/";
    public const string ApiVersion = "infra.gitops/v1";
    public const string StackKind = "Stack";

    private static readonly ImmutableArray<string> AllProviders = ["libvirt", "aws", "azure", "kubernetes"];

    public static ObjectSchema Metadata { get; } = new(
        "Metadata",
        new PropertySchema("name", Name("The document's name: unique within a stack; part of physical names and URNs.", literal: true), Required: true),
        new PropertySchema("labels", new MapSchema(new StringSchema()) { Description = "Free string labels.", Literal = true }));

    public static ObjectSchema Options { get; } = new(
        "Options",
        new PropertySchema("dependsOn", new ArraySchema(Name("A document of the same stack this one depends on.", literal: true)) { Description = "Names of documents of the same stack created before this one." }),
        new PropertySchema("protect", Bool("Deleting or replacing the resource is an error.", literal: true)),
        new PropertySchema("retainOnDelete", Bool("A delete only forgets the resource; the real one stays.", literal: true)),
        new PropertySchema("ignoreChanges", new ArraySchema(new StringSchema { Format = StringFormat.NonEmpty, Literal = true }) { Description = "Property paths whose changes are ignored." }),
        new PropertySchema("replaceOnChanges", new ArraySchema(new StringSchema { Format = StringFormat.NonEmpty, Literal = true }) { Description = "Property paths whose changes force a replacement." }),
        new PropertySchema("deleteBeforeReplace", Bool("Delete the old resource before creating its replacement.", literal: true)))
    {
        Description = "Resource options, as Pulumi's.",
    };

    public static ObjectSchema NetworkSpec { get; } = new(
        "NetworkSpec",
        ProviderProperty(AllProviders),
        new PropertySchema("cidr", Cidr("The network's IPv4 address range."), Required: true),
        new PropertySchema("mode", Enum("isolated: no route out (default); routed: routed to the outside.", "isolated", "routed")),
        new PropertySchema("subnets", new ArraySchema(new ObjectSchema(
            "Subnet",
            new PropertySchema("name", Name("The subnet's name.", literal: true), Required: true),
            new PropertySchema("cidr", Cidr("Inside the network's cidr; subnets do not overlap."), Required: true)))
        {
            Description = "Subnets, each inside the network's cidr, not overlapping.",
        }),
        new PropertySchema("firewall", new ArraySchema(new ObjectSchema(
            "FirewallRule",
            new PropertySchema("name", Name("The rule's name.", literal: true), Required: true),
            new PropertySchema("direction", Enum("ingress (default) or egress.", "ingress", "egress")),
            new PropertySchema("protocol", Enum("The protocol.", "tcp", "udp", "icmp", "all"), Required: true),
            new PropertySchema("ports", new ArraySchema(new UnionSchema(
                new IntegerSchema(1, 65535),
                new StringSchema { Format = StringFormat.PortRange }))
            {
                Description = "Ports (1-65535) or ranges \"a-b\"; only for tcp and udp.",
            }),
            new PropertySchema("sources", new ArraySchema(Cidr("A source range.")) { Description = "Source CIDRs of an ingress rule." }),
            new PropertySchema("destinations", new ArraySchema(Cidr("A destination range.")) { Description = "Destination CIDRs of an egress rule." }),
            new PropertySchema("action", Enum("allow (default) or deny.", "allow", "deny")))
        {
            Check = DocumentChecks.FirewallRule,
        })
        {
            Description = "Firewall rules.",
        }))
    {
        Check = DocumentChecks.NetworkSpec,
    };

    public static ObjectSchema DiskSpec { get; } = new(
        "DiskSpec",
        ProviderProperty(AllProviders),
        new PropertySchema("sizeGb", new IntegerSchema(1, 65536) { Description = "Size in GiB." }, Required: true),
        new PropertySchema("type", Enum("standard (default) or ssd.", "standard", "ssd")));

    public static ObjectSchema VirtualMachineSpec { get; } = new(
        "VirtualMachineSpec",
        ProviderProperty(AllProviders),
        new PropertySchema("size", new StringSchema { Format = StringFormat.NonEmpty, Description = "small, medium, large, or a provider size (t3.micro, Standard_B2s); libvirt takes only the first three." }),
        new PropertySchema("cpus", new IntegerSchema(1, 64) { Description = "Virtual CPUs, overriding the size." }),
        new PropertySchema("memoryMiB", new IntegerSchema(64, 1048576) { Description = "Memory in MiB, overriding the size." }),
        new PropertySchema("image", new StringSchema { Format = StringFormat.NonEmpty, Description = "libvirt: builtin:tiny or an absolute qcow2 path; aws: an AMI id; azure: publisher:offer:sku:version." }),
        new PropertySchema("network", Name("The Network document of the same stack."), Required: true),
        new PropertySchema("subnet", Name("A subnet of that network.")),
        new PropertySchema("disks", new ArraySchema(Name("A Disk document of the same stack.")) { Description = "Disks attached to each replica." }),
        new PropertySchema("sshKeys", new ArraySchema(new StringSchema { Format = StringFormat.NonEmpty }) { Description = "Authorized SSH public keys." }),
        new PropertySchema("userData", new StringSchema { Description = "cloud-init user data." }),
        new PropertySchema("count", new IntegerSchema(1, 100) { Description = "Replicas (default 1)." }),
        new PropertySchema("running", Bool("Whether the machine runs (default true).")),
        new PropertySchema("providerOptions", new MapSchema(AnySchema.Instance) { Description = "Free-form options passed to the provider's resources." }))
    {
        Check = DocumentChecks.VirtualMachineSpec,
    };

    public static ObjectSchema BucketSpec { get; } = new(
        "BucketSpec",
        ProviderProperty(["aws", "azure"]),
        new PropertySchema("versioning", Bool("Keep object versions (default false).")),
        new PropertySchema("public", Bool("Allow anonymous reads (default false).")));

    public static ObjectSchema ResourceSpec { get; } = new(
        "ResourceSpec",
        new PropertySchema("type", new StringSchema { Format = StringFormat.TypeToken, Literal = true, Description = "A Pulumi type token package:module:Type; the package names the provider." }, Required: true),
        new PropertySchema("properties", new MapSchema(AnySchema.Instance) { Description = "The resource's inputs." }));

    public static ObjectSchema KubernetesMetadata { get; } = new(
        "KubernetesMetadata",
        new PropertySchema("name", new StringSchema { Format = StringFormat.NonEmpty, Literal = true }, Required: true),
        new PropertySchema("namespace", new StringSchema { Format = StringFormat.NonEmpty, Literal = true }))
    {
        AdditionalProperties = AnySchema.Instance,
    };

    /// <summary>Any non-<c>infra.gitops</c> document: only apiVersion, kind and metadata.name are checked.</summary>
    public static ObjectSchema KubernetesObject { get; } = new(
        "KubernetesObject",
        new PropertySchema("apiVersion", new StringSchema { Format = StringFormat.NonEmpty, Literal = true }, Required: true),
        new PropertySchema("kind", new StringSchema { Format = StringFormat.NonEmpty, Literal = true }, Required: true),
        new PropertySchema("metadata", KubernetesMetadata, Required: true),
        new PropertySchema("options", Options))
    {
        AdditionalProperties = AnySchema.Instance,
        Description = "A Kubernetes object (any apiVersion outside infra.gitops), applied by the kubernetes provider.",
    };

    public static ObjectSchema StackSpec { get; } = new(
        "StackSpec",
        new PropertySchema("sources", new ArraySchema(new StringSchema { Format = StringFormat.NonEmpty, Literal = true }) { Description = "Globs (*, **, ?) relative to the repository root of the stack's documents." }, Required: true),
        new PropertySchema("providers", new ObjectSchema(
            "Providers",
            new PropertySchema("libvirt", ProviderConfiguration("LibvirtProvider", ("uri", "The libvirt connection URI (qemu:///system)."))),
            new PropertySchema("aws", ProviderConfiguration("AwsProvider", ("region", "The AWS region."))),
            new PropertySchema("azure", ProviderConfiguration("AzureProvider", ("subscriptionId", "The subscription."), ("location", "The Azure location."))),
            new PropertySchema("kubernetes", ProviderConfiguration("KubernetesProvider", ("context", "The kubeconfig context."), ("namespace", "The default namespace."))))
        {
            AdditionalProperties = new MapSchema(AnySchema.Instance),
            Description = "Configuration per provider name.",
        }),
        new PropertySchema("variables", new MapSchema(AnySchema.Instance) { Description = "Variables and their defaults, for ${var.name}." }),
        new PropertySchema("secrets", new MapSchema(new ObjectSchema(
            "SecretSource",
            new PropertySchema("fromEnv", new StringSchema { Format = StringFormat.NonEmpty, Literal = true, Description = "An environment variable read at run time." }),
            new PropertySchema("secure", new StringSchema { Format = StringFormat.NonEmpty, Literal = true, Description = "Ciphertext encrypted with the stack's passphrase." }))
        {
            ExactlyOneOf = ["fromEnv", "secure"],
        })
        {
            Description = "Secrets by name, for ${secret.name}.",
        }),
        new PropertySchema("reconcile", new ObjectSchema(
            "Reconcile",
            new PropertySchema("suspend", Bool("Leave the stack alone.", literal: true)),
            new PropertySchema("maxDeletes", new IntegerSchema(0, int.MaxValue) { Literal = true, Description = "Refuse a run deleting more resources than this." }),
            new PropertySchema("refresh", Bool("Refresh before each preview.", literal: true)),
            new PropertySchema("driftSchedule", new StringSchema { Format = StringFormat.NonEmpty, Literal = true, Description = "Cron expression for drift detection." }),
            new PropertySchema("driftRemediation", Bool("Correct drift with up.", literal: true)),
            new PropertySchema("revision", new StringSchema { Format = StringFormat.NonEmpty, Literal = true, Description = "A pinned commit or tag." }),
            new PropertySchema("previewOnly", Bool("Preview each new revision, never apply it.", literal: true)),
            new PropertySchema("dependsOn", new ArraySchema(new StringSchema { Format = StringFormat.NonEmpty, Literal = true }) { Description = "Stacks that must be Ready before this one runs; a pass runs them first." }))
        {
            Description = "How the reconciler treats the stack.",
        }));

    /// <summary>The Pulumi.yaml project file; unknown Pulumi keys (runtime, ...) are accepted.</summary>
    public static ObjectSchema Project { get; } = new(
        "Project",
        new PropertySchema("name", new StringSchema { Format = StringFormat.NonEmpty, Literal = true }, Required: true),
        new PropertySchema("description", new StringSchema { Literal = true }),
        new PropertySchema("backend", new ObjectSchema("Backend", new PropertySchema("url", new StringSchema { Format = StringFormat.NonEmpty, Literal = true })) { AdditionalProperties = AnySchema.Instance }))
    {
        AdditionalProperties = AnySchema.Instance,
    };

    public static ObjectSchema Stack { get; } = Document(StackKind, StackSpec, withOptions: false);

    /// <summary>The <c>infra.gitops/v1</c> resource kinds and their document schemas, in declaration order.</summary>
    public static ImmutableArray<KeyValuePair<string, ObjectSchema>> ResourceKinds { get; } =
    [
        new(nameof(DocumentKind.Network), Document(nameof(DocumentKind.Network), NetworkSpec, withOptions: true)),
        new(nameof(DocumentKind.VirtualMachine), Document(nameof(DocumentKind.VirtualMachine), VirtualMachineSpec, withOptions: true)),
        new(nameof(DocumentKind.Disk), Document(nameof(DocumentKind.Disk), DiskSpec, withOptions: true)),
        new(nameof(DocumentKind.Bucket), Document(nameof(DocumentKind.Bucket), BucketSpec, withOptions: true)),
        new(nameof(DocumentKind.Resource), Document(nameof(DocumentKind.Resource), ResourceSpec, withOptions: true)),
    ];

    public static FrozenDictionary<string, ObjectSchema> ResourceKindsByName { get; } =
        ResourceKinds.ToFrozenDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

    /// <summary>Every kind of <c>infra.gitops/v1</c>, Stack included, for messages.</summary>
    public static ImmutableArray<string> AllKindNames { get; } = [StackKind, .. ResourceKinds.Select(k => k.Key)];

    private static ObjectSchema Document(string kind, ObjectSchema spec, bool withOptions)
    {
        PropertySchema[] properties =
        [
            new("apiVersion", new StringSchema { Enum = [ApiVersion], Literal = true }, Required: true),
            new("kind", new StringSchema { Enum = [kind], Literal = true }, Required: true),
            new("metadata", Metadata, Required: true),
            new("spec", spec, Required: true),
        ];
        return new ObjectSchema(kind, withOptions ? [.. properties, new PropertySchema("options", Options)] : properties);
    }

    private static PropertySchema ProviderProperty(ImmutableArray<string> providers) =>
        new("provider", new StringSchema { Enum = providers, Literal = true, Description = "The provider that serves the document." }, Required: true);

    private static ObjectSchema ProviderConfiguration(string name, params (string Key, string Description)[] keys) =>
        new(name, [.. keys.Select(k => new PropertySchema(k.Key, new StringSchema { Format = StringFormat.NonEmpty, Literal = true, Description = k.Description }))])
        {
            AdditionalProperties = AnySchema.Instance,
        };

    private static StringSchema Name(string description, bool literal = false) =>
        new() { Format = StringFormat.Name, Literal = literal, Description = description };

    private static StringSchema Cidr(string description) => new() { Format = StringFormat.Cidr, Description = description };

    private static StringSchema Enum(string description, params string[] values) => new() { Enum = [.. values], Description = description };

    private static BooleanSchema Bool(string description, bool literal = false) => new() { Description = description, Literal = literal };
}
