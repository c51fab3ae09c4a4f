using Infra.GitOps.State.Serialization;

namespace Infra.GitOps.State;

/// <summary>
/// The JSON of a begun resource, within its begin's journal line (valid while the journal is open), and its layout
/// counted from its first byte: what the step's end copies instead of serializing again.
/// </summary>
internal readonly record struct BegunResource(ReadOnlyMemory<byte> Json, ResourceLayout Layout);
