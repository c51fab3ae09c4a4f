namespace Infra.GitOps.Secrets;

/// <summary>
/// A value that must never be printed: <see cref="ToString"/> is <c>[secret]</c>, and so is the record's
/// printed form. The plaintext is reachable only through <see cref="Value"/>.
/// </summary>
/// <typeparam name="T">The wrapped value's type.</typeparam>
/// <param name="Value">The plaintext value.</param>
public sealed record Secret<T>(T Value)
{
    /// <summary>What a secret prints as.</summary>
    public const string Mask = "[secret]";

    /// <summary>Always <see cref="Mask"/>.</summary>
    public override string ToString() => Mask;

    /// <summary>Records print their members; this one must not print its value.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(Mask);
        return true;
    }
}
