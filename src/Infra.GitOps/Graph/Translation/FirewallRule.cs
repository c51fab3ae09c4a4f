using System.Collections.Immutable;
using System.Globalization;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>A firewall rule of a Network document, read from its resolved spec.</summary>
internal sealed record FirewallRule(
    int Index,
    string Name,
    bool Ingress,
    string Protocol,
    ImmutableArray<(int From, int To)> Ports,
    ImmutableArray<PropertyValue> Peers,
    bool Allow)
{
    /// <summary>The spec key of this rule (for locations).</summary>
    public string Key => $"firewall[{Index}]";

    /// <summary>Reads the rules of a network spec; malformed entries are skipped (the loader reports them).</summary>
    public static ImmutableArray<FirewallRule> Read(ObjectValue spec)
    {
        var rules = ImmutableArray.CreateBuilder<FirewallRule>();
        var items = Values.GetArray(spec, "firewall");
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not ObjectValue rule)
            {
                continue;
            }

            var ingress = Values.GetString(rule, "direction") != "egress";
            var ports = ImmutableArray.CreateBuilder<(int, int)>();
            foreach (var port in Values.GetArray(rule, "ports"))
            {
                if (ParsePort(port) is { } range)
                {
                    ports.Add(range);
                }
            }

            rules.Add(new FirewallRule(
                i,
                Values.GetString(rule, "name") ?? $"rule-{i}",
                ingress,
                Values.GetString(rule, "protocol") ?? "all",
                ports.ToImmutable(),
                Values.GetArray(rule, ingress ? "sources" : "destinations"),
                Values.GetString(rule, "action") != "deny"));
        }

        return rules.ToImmutable();
    }

    /// <summary>A port as written (<c>22</c> or <c>"8000-8080"</c>) as a range.</summary>
    public static (int From, int To)? ParsePort(PropertyValue value)
    {
        switch (value)
        {
            case NumberValue n:
                return ((int)n.Value, (int)n.Value);
            case StringValue s:
                var dash = s.Value.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0)
                {
                    return int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var single) ? (single, single) : null;
                }

                return int.TryParse(s.Value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                    && int.TryParse(s.Value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                    ? (from, to)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>A range as text: <c>22</c> or <c>8000-8080</c>.</summary>
    public static string RangeText((int From, int To) range) =>
        range.From == range.To
            ? range.From.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{range.From}-{range.To}");
}
