using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>A checkpoint or export read from JSON.</summary>
/// <param name="Stack">The checkpoint's <c>stack</c> field, or null for an export.</param>
/// <param name="Snapshot">The deployment, secrets decrypted.</param>
/// <param name="Crypter">The crypter opened for the document's secrets provider: use it to write the stack again (keeps its salt).</param>
public sealed record LoadedCheckpoint(string? Stack, StackSnapshot Snapshot, SecretsCrypter Crypter);
