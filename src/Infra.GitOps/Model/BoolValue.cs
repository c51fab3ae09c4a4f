namespace Infra.GitOps.Model;

/// <summary>A boolean value.</summary>
public sealed record BoolValue(bool Value) : PropertyValue
{
    /// <inheritdoc />
    public override bool IsKnown => true;

    /// <inheritdoc />
    public override bool ContainsSecret => false;

    /// <inheritdoc />
    public override string ToString() => Value ? "true" : "false";
}
