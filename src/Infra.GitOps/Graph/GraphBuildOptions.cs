using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.Graph;

/// <summary>
/// What <see cref="GraphBuilder.Build"/> needs beyond the repository: variable overrides and the ways to read
/// secrets. Immutable; safe to share between builds.
/// </summary>
public sealed record GraphBuildOptions
{
    /// <summary>No overrides; secrets from the process environment; no passphrase.</summary>
    public static GraphBuildOptions Default { get; } = new();

    /// <summary>
    /// Variable values that override the stack's defaults (<c>--var name=value</c>); a name the stack does not
    /// declare is added.
    /// </summary>
    public ImmutableDictionary<string, PropertyValue> Variables { get; init; } =
        ImmutableDictionary.Create<string, PropertyValue>(StringComparer.Ordinal);

    /// <summary>
    /// Reads an environment variable for <c>fromEnv</c> secrets; null when unset. Defaults to the process
    /// environment; tests inject a dictionary lookup.
    /// </summary>
    public Func<string, string?> EnvironmentLookup { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Decrypts <c>secure</c> secrets, or null when no passphrase was given (using one is then an error).</summary>
    public ISecretDecrypter? SecretDecrypter { get; init; }

    /// <summary>
    /// Whether a secret this machine cannot read (an unset <c>fromEnv</c> variable, a <c>secure</c> value and no
    /// <see cref="SecretDecrypter"/>) is an error (<see cref="SecretResolution.Required"/>, the default) or a
    /// placeholder and a warning (<see cref="SecretResolution.Placeholder"/>, for operations that change nothing).
    /// </summary>
    public SecretResolution SecretResolution { get; init; } = SecretResolution.Required;

    /// <summary>
    /// From how many documents (or resources) a pass of the build runs on several threads; below it, on the calling
    /// thread alone. The result is the same either way; tests set 1 to run every stack through the parallel path.
    /// </summary>
    internal int ParallelThreshold { get; init; } = 512;
}
