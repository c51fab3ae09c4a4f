namespace Infra.GitOps.Secrets;

/// <summary>
/// A stack's secrets provider as recorded in its checkpoint (<c>secrets_providers{type,state}</c>): which kind
/// of key encrypts the stack's secrets and, for a passphrase, the per-stack random salt and PBKDF2 iteration
/// count. Never holds key material. <see cref="Check"/> is a known value encrypted with the key, so a wrong
/// passphrase is told apart before anything is encrypted with it.
/// </summary>
/// <param name="Type"><see cref="PassphraseType"/> or <see cref="KeyType"/> (another type is kept but cannot be used).</param>
/// <param name="Salt">Base64 PBKDF2 salt (passphrase only).</param>
/// <param name="Iterations">PBKDF2-SHA256 iterations (passphrase only).</param>
/// <param name="Check">The ciphertext of <see cref="SecretsCrypter.CheckPlaintext"/>, or null until the key was first used.</param>
public sealed record SecretsProviderState(string Type, string? Salt, int Iterations, string? Check)
{
    /// <summary>A key derived from a passphrase (<c>INFRA_GITOPS_PASSPHRASE</c>).</summary>
    public const string PassphraseType = "passphrase";

    /// <summary>A raw 32-byte key (<c>INFRA_GITOPS_SECRETS_KEY</c>).</summary>
    public const string KeyType = "key";
}
