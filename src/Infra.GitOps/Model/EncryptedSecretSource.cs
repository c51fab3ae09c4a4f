namespace Infra.GitOps.Model;

/// <summary>A secret encrypted in Git with the stack's passphrase (<c>{secure: v1:...}</c>).</summary>
public sealed record EncryptedSecretSource(string Ciphertext, SourceLocation Location) : SecretSource(Location);
