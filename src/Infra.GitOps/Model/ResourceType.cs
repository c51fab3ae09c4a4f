namespace Infra.GitOps.Model;

/// <summary>
/// A Pulumi type token <c>package:module:Type</c> (<c>aws:ec2/instance:Instance</c>,
/// <c>libvirt:index/domain:Domain</c>, <c>infra:index:VirtualMachine</c>).
/// </summary>
public readonly record struct ResourceType(string Token)
{
    /// <summary>The root stack resource's type.</summary>
    public static ResourceType Stack { get; } = new("pulumi:pulumi:Stack");

    /// <summary>True when the token has the form <c>*:*:*</c> with three non-empty parts.</summary>
    public bool IsValid
    {
        get
        {
            if (string.IsNullOrEmpty(Token))
            {
                return false;
            }

            var parts = Token.Split(':');
            return parts.Length == 3 && parts.All(p => p.Length > 0);
        }
    }

    /// <summary>The package (the provider's name): the part before the first colon.</summary>
    public string Package
    {
        get
        {
            var colon = Token.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? Token : Token[..colon];
        }
    }

    /// <inheritdoc />
    public override string ToString() => Token;
}
