using System.Security.Cryptography;

namespace Infra.GitOps.Secrets;

/// <summary>
/// Where the secrets key comes from: a passphrase (stretched with PBKDF2-SHA256 and the stack's salt) or a raw
/// 32-byte key. <see cref="Open"/> binds it to one stack's <see cref="SecretsProviderState"/>. Thread-safe.
/// </summary>
public sealed class SecretsKeySource
{
    /// <summary>Environment variable holding a base64 32-byte key; wins over a passphrase.</summary>
    public const string KeyVariable = "INFRA_GITOPS_SECRETS_KEY";

    /// <summary>Environment variable holding the passphrase.</summary>
    public const string PassphraseVariable = "INFRA_GITOPS_PASSPHRASE";

    /// <summary>Pulumi's passphrase variable, read when <see cref="PassphraseVariable"/> is unset.</summary>
    public const string PulumiPassphraseVariable = "PULUMI_CONFIG_PASSPHRASE";

    /// <summary>
    /// PBKDF2-SHA256 iterations for new stacks: OWASP's 2023 figure. Deriving costs about a quarter of a second
    /// once per process per salt (the key is cached), which keeps <c>stack export</c> fast.
    /// </summary>
    public const int DefaultIterations = 600_000;

    private readonly string? passphrase;
    private readonly byte[]? key;
    private readonly int iterations;

    private SecretsKeySource(string? passphrase, byte[]? key, int iterations)
    {
        this.passphrase = passphrase;
        this.key = key;
        this.iterations = iterations;
    }

    /// <summary>The state type new stacks get from this source.</summary>
    public string Type => key is null ? SecretsProviderState.PassphraseType : SecretsProviderState.KeyType;

    /// <summary>The variable to name when this source's key turns out wrong.</summary>
    internal string Description => key is null
        ? $"the passphrase ({PassphraseVariable} or {PulumiPassphraseVariable})"
        : $"the key ({KeyVariable})";

    /// <summary>A passphrase source; <paramref name="iterations"/> applies to new stacks only.</summary>
    /// <exception cref="ArgumentException">The passphrase is empty or iterations is not positive.</exception>
    public static SecretsKeySource FromPassphrase(string passphrase, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        return new SecretsKeySource(passphrase, null, iterations);
    }

    /// <summary>A raw key source.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static SecretsKeySource FromKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"a secrets key must be 32 bytes, not {key.Length}", nameof(key));
        }

        return new SecretsKeySource(null, key.ToArray(), 0);
    }

    /// <summary>
    /// Reads <see cref="KeyVariable"/>, then <see cref="PassphraseVariable"/>, then
    /// <see cref="PulumiPassphraseVariable"/>; null when none is set.
    /// </summary>
    /// <param name="getVariable">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    /// <exception cref="GitOpsException"><see cref="KeyVariable"/> is not base64 of 32 bytes.</exception>
    public static SecretsKeySource? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var rawKey = getVariable(KeyVariable);
        if (!string.IsNullOrEmpty(rawKey))
        {
            var buffer = new byte[48];
            if (!Convert.TryFromBase64String(rawKey.Trim(), buffer, out var written) || written != 32)
            {
                throw new GitOpsException($"{KeyVariable} must be the base64 encoding of 32 random bytes");
            }

            return new SecretsKeySource(null, buffer[..32], 0);
        }

        var passphrase = getVariable(PassphraseVariable);
        if (string.IsNullOrEmpty(passphrase))
        {
            passphrase = getVariable(PulumiPassphraseVariable);
        }

        return string.IsNullOrEmpty(passphrase) ? null : new SecretsKeySource(passphrase, null, DefaultIterations);
    }

    /// <summary>
    /// A crypter for the stack whose secrets provider is <paramref name="state"/>, or for a new stack (fresh random
    /// salt) when it is null. Cheap: the key is derived on first use.
    /// </summary>
    public SecretsCrypter Open(SecretsProviderState? state)
    {
        state ??= key is null
            ? new SecretsProviderState(SecretsProviderState.PassphraseType, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), iterations, null)
            : new SecretsProviderState(SecretsProviderState.KeyType, null, 0, null);
        return new SecretsCrypter(state, this);
    }

    /// <summary>Derives (or returns the process-wide cached) key for <paramref name="state"/>.</summary>
    internal byte[] DeriveKey(SecretsProviderState state)
    {
        switch (state.Type)
        {
            case SecretsProviderState.KeyType when key is not null:
                return key;
            case SecretsProviderState.PassphraseType when passphrase is not null:
                return DerivedKeyCache.GetOrDerive(passphrase, state);
            case SecretsProviderState.KeyType:
                throw new GitOpsException($"this stack's secrets are encrypted with a raw key: set {KeyVariable}");
            case SecretsProviderState.PassphraseType:
                throw new GitOpsException($"this stack's secrets are encrypted with a passphrase: set {PassphraseVariable} (not {KeyVariable})");
            default:
                throw new GitOpsException($"this stack's secrets provider '{state.Type}' is not supported (use a passphrase or {KeyVariable})");
        }
    }
}
