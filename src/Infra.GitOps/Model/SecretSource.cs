namespace Infra.GitOps.Model;

/// <summary>Where a stack's secret comes from. Closed hierarchy: <see cref="EnvironmentSecretSource"/>,
/// <see cref="EncryptedSecretSource"/>.</summary>
public abstract record SecretSource(SourceLocation Location);
