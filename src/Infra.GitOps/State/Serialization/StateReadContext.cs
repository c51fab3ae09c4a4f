using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>Per-read state: the secrets provider found in the document and the crypter opened for it on demand.</summary>
internal sealed class StateReadContext
{
    private readonly Func<SecretsProviderState?, SecretsCrypter> openCrypter;
    private SecretsCrypter? crypter;

    public StateReadContext(Func<SecretsProviderState?, SecretsCrypter> openCrypter)
    {
        this.openCrypter = openCrypter;
    }

    public StateReadContext(SecretsCrypter crypter)
    {
        this.crypter = crypter;
        openCrypter = _ => crypter;
    }

    public SecretsProviderState? ProviderState { get; set; }

    /// <summary>Only the secrets provider is wanted: the deployment's resources are skipped, not read.</summary>
    public bool SecretsOnly { get; init; }

    public SecretsCrypter Crypter => crypter ??= openCrypter(ProviderState);
}
