namespace Infra.GitOps.Model;

/// <summary>
/// A value not known until apply (Pulumi's computed sentinel <see cref="Sentinel"/>): shown as
/// "known after apply" in previews.
/// </summary>
public sealed record UnknownValue : PropertyValue
{
    /// <summary>Pulumi's sentinel string for unknown values in serialised property maps.</summary>
    public const string Sentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>What an unknown prints as.</summary>
    public const string Display = "(known after apply)";

    private UnknownValue()
    {
    }

    /// <summary>The only instance.</summary>
    public static UnknownValue Instance { get; } = new();

    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override bool ContainsSecret => false;

    /// <inheritdoc />
    public override string ToString() => Display;
}
