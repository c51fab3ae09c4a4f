using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>The resource exists; its id, the inputs that would produce it, and its outputs.</summary>
public sealed record ResourceFound(string Id, ObjectValue Inputs, ObjectValue Outputs) : ReadResult;
