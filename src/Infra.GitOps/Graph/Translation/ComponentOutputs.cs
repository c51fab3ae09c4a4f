using System.Collections.Immutable;
using Infra.GitOps.Graph.Expressions;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// The outputs a cloud-neutral kind offers to <c>${name.output}</c>, and what each one is in the graph: a
/// reference to the custom resource that produces it (the engine resolves only provider outputs), a literal when
/// the spec already says it, or a list of references (<c>ipAddresses</c>).
/// </summary>
internal static class ComponentOutputs
{
    private static readonly ImmutableArray<string> NetworkOutputs = ["cidr", "id", "name"];
    private static readonly ImmutableArray<string> VirtualMachineOutputs = ["id", "ipAddress", "ipAddresses", "name"];
    private static readonly ImmutableArray<string> DiskOutputs = ["id", "name", "sizeGb"];
    private static readonly ImmutableArray<string> BucketOutputs = ["id", "name", "url"];

    /// <summary>The valid output names of a cloud-neutral kind, ordinal order.</summary>
    public static ImmutableArray<string> Names(DocumentKind kind) => kind switch
    {
        DocumentKind.Network => NetworkOutputs,
        DocumentKind.VirtualMachine => VirtualMachineOutputs,
        DocumentKind.Disk => DiskOutputs,
        DocumentKind.Bucket => BucketOutputs,
        _ => [],
    };

    /// <summary>The graph value of an output of a valid cloud-neutral document.</summary>
    public static PropertyValue Value(GraphBuildContext context, DocumentNode node, string output) => node.Document.Provider.Value switch
    {
        "libvirt" => LibvirtTranslator.Output(context, node, output),
        "aws" => AwsTranslator.Output(context, node, output),
        "azure" => AzureTranslator.Output(context, node, output),
        "kubernetes" => KubernetesTranslator.Output(context, node, output),
        _ => UnknownValue.Instance,
    };

    /// <summary>A spec value that is already known (no expression in it), or null.</summary>
    public static PropertyValue? Literal(DocumentNode node, string key) => node.Document.Spec[key] switch
    {
        StringValue s when !ExpressionParser.MayContainExpressions(s.Value) => s,
        NumberValue n => n,
        BoolValue b => b,
        _ => null,
    };
}
