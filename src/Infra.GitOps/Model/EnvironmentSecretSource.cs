namespace Infra.GitOps.Model;

/// <summary>A secret read from an environment variable at run time (<c>{fromEnv: DB_PASSWORD}</c>).</summary>
public sealed record EnvironmentSecretSource(string Variable, SourceLocation Location) : SecretSource(Location);
