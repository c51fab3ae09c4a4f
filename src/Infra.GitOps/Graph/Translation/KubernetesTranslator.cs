using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// Kubernetes: Kubernetes-object documents become resources of token <c>kubernetes:&lt;group or
/// core&gt;/&lt;version&gt;:&lt;Kind&gt;</c> whose inputs are the object; a Disk becomes a PersistentVolumeClaim
/// and a Network with firewall rules one NetworkPolicy holding them, in the provider's namespace (default
/// <c>default</c>).
/// </summary>
internal static class KubernetesTranslator
{
    public static readonly ResourceType PersistentVolumeClaimType = new("kubernetes:core/v1:PersistentVolumeClaim");
    public static readonly ResourceType NetworkPolicyType = new("kubernetes:networking.k8s.io/v1:NetworkPolicy");

    /// <summary>The token of a Kubernetes object: <c>apps/v1</c> + <c>Deployment</c> → <c>kubernetes:apps/v1:Deployment</c>.</summary>
    public static ResourceType TypeOf(string apiVersion, string kind)
    {
        var groupVersion = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion : "core/" + apiVersion;
        return new ResourceType($"kubernetes:{groupVersion}:{kind}");
    }

    public static Urn PersistentVolumeClaimUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, PersistentVolumeClaimType, node.Name);

    public static Urn NetworkPolicyUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, NetworkPolicyType, node.Name);

    private static bool HasPolicy(DocumentNode network) => Values.GetArray(network.Document.Spec, "firewall").Length > 0;

    public static PropertyValue Output(GraphBuildContext context, DocumentNode node, string output) => (node.Kind, output) switch
    {
        (DocumentKind.Network, "cidr") => ComponentOutputs.Literal(node, "cidr") ?? UnknownValue.Instance,
        (DocumentKind.Network, "id") when HasPolicy(node) => Values.Ref(NetworkPolicyUrn(context, node), "id"),
        (DocumentKind.Network, _) => Values.Str(node.Name),
        (DocumentKind.Disk, "id") => Values.Ref(PersistentVolumeClaimUrn(context, node), "id"),
        (DocumentKind.Disk, "name") => Values.Ref(PersistentVolumeClaimUrn(context, node), "metadata.name"),
        (DocumentKind.Disk, "sizeGb") => ComponentOutputs.Literal(node, "sizeGb") ?? UnknownValue.Instance,
        _ => UnknownValue.Instance,
    };

    public static void Translate(GraphBuildContext context, DocumentNode node)
    {
        var namespaceName = context.ProviderSettings(ProviderName.Kubernetes)["namespace"] as StringValue ?? Values.Str("default");
        var labels = ObjectValue.From(node.Document.Labels.Select(l => KeyValuePair.Create(l.Key, (PropertyValue)Values.Str(l.Value))));
        var metadata = Values.Obj(("name", Values.Str(node.Name)), ("namespace", namespaceName), ("labels", labels.Properties.Count > 0 ? labels : null));
        switch (node.Kind)
        {
            case DocumentKind.Disk:
                var size = node.Spec["sizeGb"] switch
                {
                    NumberValue n => Values.Str(n + "Gi"),
                    var other => other,
                };
                context.AddChild(node, PersistentVolumeClaimType, node.Name, Values.Obj(
                    ("apiVersion", Values.Str("v1")),
                    ("kind", Values.Str("PersistentVolumeClaim")),
                    ("metadata", metadata),
                    ("spec", Values.Obj(
                        ("accessModes", Values.Arr(Values.Str("ReadWriteOnce"))),
                        ("resources", Values.Obj(("requests", Values.Obj(("storage", size)))))))), ("spec", "sizeGb"));
                break;
            case DocumentKind.Network:
                TranslateNetwork(context, node, metadata);
                break;
        }
    }

    private static void TranslateNetwork(GraphBuildContext context, DocumentNode node, ObjectValue metadata)
    {
        var rules = FirewallRule.Read(node.Spec);
        if (rules.IsEmpty)
        {
            return;
        }

        var ingress = new List<PropertyValue>();
        var egress = new List<PropertyValue>();
        foreach (var rule in rules)
        {
            if (!rule.Allow || rule.Protocol == "icmp")
            {
                var why = rule.Allow ? "NetworkPolicy ports are TCP, UDP or SCTP" : "NetworkPolicies only allow traffic";
                var key = rule.Allow ? rule.Key + ".protocol" : rule.Key + ".action";
                context.Error(DiagnosticMessages.FirewallRuleNotSupportedCode, node.LocationOf(key), DiagnosticMessages.FirewallRuleNotSupported, "kubernetes", rule.Name, why);
                continue;
            }

            var peers = Values.Arr(rule.Peers.Select(p => (PropertyValue)Values.Obj(("ipBlock", Values.Obj(("cidr", p))))));
            var ports = rule.Protocol == "all" || rule.Ports.IsEmpty
                ? null
                : Values.Arr(rule.Ports.Select(p => (PropertyValue)Values.Obj(
                    ("protocol", Values.Str(rule.Protocol.ToUpperInvariant())),
                    ("port", Values.Num(p.From)),
                    ("endPort", p.To != p.From ? Values.Num(p.To) : null))));
            (rule.Ingress ? ingress : egress).Add(Values.Obj(
                (rule.Ingress ? "from" : "to", rule.Peers.IsEmpty ? null : peers),
                ("ports", ports)));
        }

        var policyTypes = new List<PropertyValue>();
        if (rules.Any(r => r.Ingress))
        {
            policyTypes.Add(Values.Str("Ingress"));
        }

        if (rules.Any(r => !r.Ingress))
        {
            policyTypes.Add(Values.Str("Egress"));
        }

        context.AddChild(node, NetworkPolicyType, node.Name, Values.Obj(
            ("apiVersion", Values.Str("networking.k8s.io/v1")),
            ("kind", Values.Str("NetworkPolicy")),
            ("metadata", metadata),
            ("spec", Values.Obj(
                ("podSelector", ObjectValue.Empty),
                ("policyTypes", Values.Arr(policyTypes)),
                ("ingress", ingress.Count > 0 ? Values.Arr(ingress) : null),
                ("egress", egress.Count > 0 ? Values.Arr(egress) : null)))), ("spec", "firewall"));
    }
}
