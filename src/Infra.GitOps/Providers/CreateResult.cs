using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>The new resource's id and outputs.</summary>
public sealed record CreateResult(string Id, ObjectValue Outputs);
