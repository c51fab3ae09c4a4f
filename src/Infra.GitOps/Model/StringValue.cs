namespace Infra.GitOps.Model;

/// <summary>A string value.</summary>
public sealed record StringValue(string Value) : PropertyValue
{
    /// <inheritdoc />
    public override bool IsKnown => true;

    /// <inheritdoc />
    public override bool ContainsSecret => false;

    /// <inheritdoc />
    public override string ToString() => Value;
}
