namespace Infra.GitOps.Model;

/// <summary>
/// A value that must never be shown or stored in plain text: encrypted in state, printed as <c>[secret]</c>
/// everywhere else. Secret-ness flows: anything computed from a secret is a secret (Pulumi's
/// <c>OutputData.IsSecret</c>).
/// </summary>
public sealed record SecretValue(PropertyValue Value) : PropertyValue
{
    /// <summary>What a secret prints as.</summary>
    public const string Mask = "[secret]";

    /// <summary>
    /// A secret that exists but cannot be read here (graphs built with <c>SecretResolution.Placeholder</c>):
    /// unknown until apply. In a desired graph an unknown value can only be such a placeholder, so the planner
    /// keeps the recorded secret at its path instead of planning a change.
    /// </summary>
    public static SecretValue Placeholder { get; } = new(UnknownValue.Instance);

    /// <inheritdoc />
    public override bool IsKnown => Value.IsKnown;

    /// <inheritdoc />
    public override bool ContainsSecret => true;

    /// <summary>Always <see cref="Mask"/>; the plaintext is only reachable through <see cref="Value"/>.</summary>
    public override string ToString() => Mask;

    /// <summary>Records print their members; this one must not print its value.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(Mask);
        return true;
    }
}
