using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Infra.GitOps.Secrets;

/// <summary>
/// PBKDF2 is deliberately slow (hundreds of milliseconds), so each (passphrase, salt, iterations) is derived once per
/// process. Keyed by a hash of the passphrase, never the passphrase itself.
/// </summary>
internal static class DerivedKeyCache
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Keys = new(StringComparer.Ordinal);

    public static byte[] GetOrDerive(string passphrase, SecretsProviderState state)
    {
        if (state.Salt is null || state.Iterations <= 0)
        {
            throw new GitOpsException("this stack's secrets provider state has no salt or iteration count: the checkpoint is damaged");
        }

        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(state.Salt);
        }
        catch (FormatException)
        {
            throw new GitOpsException("this stack's secrets provider salt is not base64: the checkpoint is damaged");
        }

        var passphraseHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(passphrase)));
        var cacheKey = $"{passphraseHash}|{state.Salt}|{state.Iterations}";
        var iterations = state.Iterations;
        var lazy = Keys.GetOrAdd(cacheKey, _ => new Lazy<byte[]>(
            () => Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }
}
