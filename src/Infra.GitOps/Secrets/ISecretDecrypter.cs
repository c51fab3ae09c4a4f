namespace Infra.GitOps.Secrets;

/// <summary>Decrypts secrets stored in Git as <c>{secure: v1:...}</c> with the stack's passphrase.</summary>
public interface ISecretDecrypter
{
    /// <summary>Decrypts <paramref name="ciphertext"/>; false when it is malformed or the key is wrong.</summary>
    bool TryDecrypt(string ciphertext, out string plaintext);
}
