using Infra.GitOps.Loading.Yaml;

namespace Infra.GitOps.Loading.Schema;

/// <summary>Checks across properties that a per-property schema cannot express. Each skips values that are
/// already wrong (their own diagnostic is enough) or hold expressions (resolved later).</summary>
internal static class DocumentChecks
{
    private static readonly string[] LibvirtSizes = ["small", "medium", "large"];

    public static void NetworkSpec(SchemaValidator validator, YamlMapping spec, string path)
    {
        var networkCidr = LiteralCidr(spec.Get("cidr"));
        if (spec.Get("subnets") is not YamlSequence subnets)
        {
            return;
        }

        var seen = new List<(string Name, Ipv4Cidr Cidr)>();
        foreach (var item in subnets.Items)
        {
            if (item is not YamlMapping subnet || LiteralCidr(subnet.Get("cidr")) is not { } cidr)
            {
                continue;
            }

            var node = subnet.Get("cidr")!; // LiteralCidr returned a value, so the key exists
            var name = (subnet.Get("name") as YamlScalar)?.Text ?? "?";
            if (networkCidr is { } network && !network.Contains(cidr))
            {
                validator.Report(
                    DiagnosticMessages.SubnetOutsideNetworkCode,
                    DiagnosticMessages.Format(DiagnosticMessages.SubnetOutsideNetwork, name, cidr, network),
                    node);
            }

            foreach (var (otherName, otherCidr) in seen)
            {
                if (otherCidr.Overlaps(cidr))
                {
                    validator.Report(
                        DiagnosticMessages.SubnetsOverlapCode,
                        DiagnosticMessages.Format(DiagnosticMessages.SubnetsOverlap, name, cidr, otherName, otherCidr),
                        node);
                    break;
                }
            }

            seen.Add((name, cidr));
        }
    }

    public static void FirewallRule(SchemaValidator validator, YamlMapping rule, string path)
    {
        var protocol = Literal(rule.Get("protocol"));
        if (protocol is "icmp" or "all" && rule.FindKey("ports") is { } ports)
        {
            validator.Report(DiagnosticMessages.PortsNotAllowedCode, DiagnosticMessages.Format(DiagnosticMessages.PortsNotAllowed, protocol), ports);
        }

        var direction = Literal(rule.Get("direction")) ?? "ingress";
        var wrong = direction switch
        {
            "ingress" => "destinations",
            "egress" => "sources",
            _ => null,
        };
        if (wrong is not null && rule.FindKey(wrong) is { } key)
        {
            validator.Report(DiagnosticMessages.FirewallDirectionCode, DiagnosticMessages.Format(DiagnosticMessages.FirewallDirection, SchemaValidator.Join(path, wrong), direction), key);
        }
    }

    public static void VirtualMachineSpec(SchemaValidator validator, YamlMapping spec, string path)
    {
        if (Literal(spec.Get("provider")) != "libvirt")
        {
            return;
        }

        if (spec.Get("size") is YamlScalar size && Literal(size) is { } sizeText && Array.IndexOf(LibvirtSizes, sizeText) < 0)
        {
            validator.Report(
                DiagnosticMessages.ProviderMismatchCode,
                DiagnosticMessages.Format(DiagnosticMessages.ProviderMismatch, sizeText, SchemaValidator.Join(path, "size"), "libvirt", "one of " + string.Join(", ", LibvirtSizes)),
                size);
        }

        if (spec.Get("image") is YamlScalar image && Literal(image) is { } imageText && imageText != "builtin:tiny" && !imageText.StartsWith('/'))
        {
            validator.Report(DiagnosticMessages.InvalidImageCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidImage, imageText, SchemaValidator.Join(path, "image")), image);
        }
    }

    /// <summary>A string scalar's text when it holds no expression, else null.</summary>
    private static string? Literal(YamlNode? node) =>
        node is YamlScalar { Type: YamlScalarType.String } scalar && !SchemaValidator.HasExpression(scalar.Text) ? scalar.Text : null;

    private static Ipv4Cidr? LiteralCidr(YamlNode? node) =>
        Literal(node) is { } text && Ipv4Cidr.TryParse(text, out var cidr) && cidr.IsCanonical ? cidr : null;

}
