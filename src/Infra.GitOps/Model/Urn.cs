namespace Infra.GitOps.Model;

/// <summary>
/// A Pulumi URN: <c>urn:pulumi:&lt;stack&gt;::&lt;project&gt;::&lt;qualifiedType&gt;::&lt;name&gt;</c>, where the
/// qualified type is the parent chain's types joined by <c>$</c> (left out for the root stack), e.g.
/// <c>urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0</c>.
/// </summary>
public readonly record struct Urn(string Value) : IComparable<Urn>
{
    /// <summary>The URN prefix.</summary>
    public const string Prefix = "urn:pulumi:";

    private const string NameDelimiter = "::";

    /// <summary>Creates a URN; <paramref name="parentQualifiedType"/> is null for children of the root stack.</summary>
    public static Urn Create(string stack, string project, string? parentQualifiedType, ResourceType type, string name)
    {
        // One string, built once: graphs of tens of thousands of resources create as many URNs.
        return string.IsNullOrEmpty(parentQualifiedType)
            ? new Urn($"{Prefix}{stack}{NameDelimiter}{project}{NameDelimiter}{type.Token}{NameDelimiter}{name}")
            : new Urn($"{Prefix}{stack}{NameDelimiter}{project}{NameDelimiter}{parentQualifiedType}${type.Token}{NameDelimiter}{name}");
    }

    /// <summary>True when the value has the prefix and at least three <c>::</c> (Pulumi's validity rule).</summary>
    public bool IsValid
    {
        get
        {
            if (Value is null || !Value.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return false;
            }

            var count = 0;
            for (var i = Value.IndexOf(NameDelimiter, StringComparison.Ordinal); i >= 0; i = Value.IndexOf(NameDelimiter, i + 2, StringComparison.Ordinal))
            {
                count++;
            }

            return count >= 3;
        }
    }

    /// <summary>The stack part.</summary>
    public string Stack => Value[Prefix.Length..Value.IndexOf(NameDelimiter, StringComparison.Ordinal)];

    /// <summary>The project part.</summary>
    public string Project => Split()[1];

    /// <summary>The qualified type (parent chain joined by <c>$</c>).</summary>
    public string QualifiedType => Split()[2];

    /// <summary>The resource's own type: the part of the qualified type after the last <c>$</c>.</summary>
    public ResourceType Type
    {
        get
        {
            var qualified = QualifiedType;
            var dollar = qualified.LastIndexOf('$');
            return new ResourceType(dollar < 0 ? qualified : qualified[(dollar + 1)..]);
        }
    }

    /// <summary>The name: everything after the third <c>::</c> (a name may itself contain <c>::</c>).</summary>
    public string Name => Split()[3];

    /// <inheritdoc />
    public int CompareTo(Urn other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private string[] Split() => Value[Prefix.Length..].Split(NameDelimiter, 4);
}
