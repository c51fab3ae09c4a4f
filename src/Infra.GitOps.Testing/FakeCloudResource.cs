using Infra.GitOps.Model;

namespace Infra.GitOps.Testing;

/// <summary>A resource as the <see cref="FakeCloud"/> holds it: tagged with its URN, like real providers' resources.</summary>
/// <param name="Urn">The URN tag.</param>
/// <param name="Type">The type token.</param>
/// <param name="Id">The id the cloud gave it.</param>
/// <param name="Inputs">The inputs it was created or last updated from.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="Sequence">Creation order across processes (later is larger).</param>
public sealed record FakeCloudResource(Urn Urn, ResourceType Type, string Id, ObjectValue Inputs, ObjectValue Outputs, long Sequence);
