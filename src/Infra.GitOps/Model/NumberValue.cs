using System.Globalization;

namespace Infra.GitOps.Model;

/// <summary>A number (JSON numbers are doubles, as in Pulumi).</summary>
public sealed record NumberValue(double Value) : PropertyValue
{
    /// <inheritdoc />
    public override bool IsKnown => true;

    /// <inheritdoc />
    public override bool ContainsSecret => false;

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
