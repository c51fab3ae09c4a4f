using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>The resource's outputs after an update.</summary>
public sealed record UpdateResult(ObjectValue Outputs);
