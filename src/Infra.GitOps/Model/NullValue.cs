namespace Infra.GitOps.Model;

/// <summary>The null value.</summary>
public sealed record NullValue : PropertyValue
{
    private NullValue()
    {
    }

    /// <summary>The only instance.</summary>
    public static NullValue Instance { get; } = new();

    /// <inheritdoc />
    public override bool IsKnown => true;

    /// <inheritdoc />
    public override bool ContainsSecret => false;

    /// <inheritdoc />
    public override string ToString() => "null";
}
