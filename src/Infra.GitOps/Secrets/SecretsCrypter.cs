using System.Security.Cryptography;
using System.Text;

namespace Infra.GitOps.Secrets;

/// <summary>
/// Encrypts and decrypts one stack's secrets with AES-256-GCM. Ciphertexts are
/// <c>v1:&lt;base64(nonce[12] | tag[16] | ciphertext)&gt;</c> with a random nonce per value; they are what stack
/// files hold as <c>{secure: v1:...}</c> and what checkpoints hold inside secret envelopes. The key comes from a
/// <see cref="SecretsKeySource"/> and is derived lazily on first use, so stacks without secrets never pay for
/// PBKDF2. Errors never contain the plaintext or the key. Thread-safe.
/// </summary>
public sealed class SecretsCrypter : ISecretDecrypter
{
    /// <summary>The known value encrypted into <see cref="SecretsProviderState.Check"/>.</summary>
    public const string CheckPlaintext = "infra-gitops";

    /// <summary>The ciphertext prefix (format version).</summary>
    public const string Prefix = "v1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly SecretsKeySource? source;
    private readonly object gate = new();
    private SecretsProviderState? state;
    private byte[]? key;

    internal SecretsCrypter(SecretsProviderState? state, SecretsKeySource? source)
    {
        this.state = state;
        this.source = source;
    }

    /// <summary>
    /// The provider state to record in the checkpoint, or null for a stack that has none and no key source. Gains
    /// its <see cref="SecretsProviderState.Check"/> once the key has been used.
    /// </summary>
    public SecretsProviderState? State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>True when a key source is present (secrets can be read and written).</summary>
    public bool CanCrypt => source is not null;

    /// <summary>
    /// A crypter with no key: it carries <paramref name="state"/> through (so a checkpoint rewrite keeps its salt)
    /// and throws a <see cref="GitOpsException"/> telling which variable to set when a secret must be handled.
    /// </summary>
    public static SecretsCrypter WithoutKey(SecretsProviderState? state) => new(state, null);

    /// <summary>
    /// A crypter with no key for read-only use (pull-request previews on a machine without the passphrase):
    /// secrets read through it become <see cref="Model.SecretValue.Placeholder"/> instead of failing; encrypting
    /// still throws, so a snapshot read this way can never be written back with its secrets lost.
    /// </summary>
    public static SecretsCrypter Opaque(SecretsProviderState? state) => new(state, null) { ReadsSecretsAsPlaceholders = true };

    /// <summary>True for <see cref="Opaque"/>: secrets read as placeholders.</summary>
    public bool ReadsSecretsAsPlaceholders { get; private init; }

    /// <summary>Encrypts <paramref name="plaintext"/> into <c>v1:...</c> (e.g. for a stack file's <c>secure:</c> value).</summary>
    /// <exception cref="GitOpsException">No key, or the key does not match this stack's (wrong passphrase).</exception>
    public string Encrypt(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Seal(EnsureKey(), plaintext);
    }

    /// <summary>Decrypts a <c>v1:...</c> ciphertext.</summary>
    /// <exception cref="GitOpsException">
    /// Malformed ciphertext, no key, or a wrong key; the message says which, never the key or plaintext.
    /// </exception>
    public string Decrypt(string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var currentKey = EnsureKey();
        return Open(currentKey, ciphertext) switch
        {
            { } plaintext => plaintext,
            null when !IsWellFormed(ciphertext) =>
                throw new GitOpsException($"a secret is not a valid ciphertext (expected '{Prefix}' followed by base64)"),
            null => throw new GitOpsException(
                $"cannot decrypt a secret: {DescribeSource()} is wrong for this stack, or the value was encrypted for another stack"),
        };
    }

    /// <inheritdoc />
    public bool TryDecrypt(string ciphertext, out string plaintext)
    {
        plaintext = string.Empty;
        if (ciphertext is null || source is null)
        {
            return false;
        }

        byte[] currentKey;
        try
        {
            currentKey = EnsureKey();
        }
        catch (GitOpsException)
        {
            return false;
        }

        var result = Open(currentKey, ciphertext);
        if (result is null)
        {
            return false;
        }

        plaintext = result;
        return true;
    }

    /// <summary>
    /// Derives the key now (once per process per salt) and checks it against the recorded check value.
    /// </summary>
    /// <exception cref="GitOpsException">No key source, unsupported provider, or a wrong passphrase/key.</exception>
    public void EnsureKeyReady() => EnsureKey();

    private static string Seal(byte[] key, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + TagSize + plain.Length];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, buffer.AsSpan(NonceSize + TagSize), buffer.AsSpan(NonceSize, TagSize));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Convert.ToBase64String(buffer);
    }

    private static string? Open(byte[] key, string ciphertext)
    {
        if (!ciphertext.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var encoded = ciphertext.AsSpan(Prefix.Length);
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var length) || length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                buffer.AsSpan(0, NonceSize),
                buffer.AsSpan(NonceSize + TagSize, plain.Length),
                buffer.AsSpan(NonceSize, TagSize),
                plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    private static bool IsWellFormed(string ciphertext)
    {
        if (!ciphertext.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = ciphertext.AsSpan(Prefix.Length);
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        return Convert.TryFromBase64Chars(encoded, buffer, out var length) && length >= NonceSize + TagSize;
    }

    private string DescribeSource() => source?.Description ?? "the key";

    private byte[] EnsureKey()
    {
        lock (gate)
        {
            if (key is not null)
            {
                return key;
            }

            if (source is null)
            {
                throw new GitOpsException(
                    $"this stack has secrets: set {SecretsKeySource.PassphraseVariable} (or {SecretsKeySource.KeyVariable}) to read or write them");
            }

            // Non-null: SecretsKeySource.Open always passes a state; only WithoutKey passes null, with no source.
            var derived = source.DeriveKey(state!);
            if (state!.Check is { } check)
            {
                if (Open(derived, check) != CheckPlaintext)
                {
                    throw new GitOpsException($"cannot use this stack's secrets: {source.Description} is wrong");
                }
            }
            else
            {
                state = state with { Check = Seal(derived, CheckPlaintext) };
            }

            key = derived;
            return key;
        }
    }
}
