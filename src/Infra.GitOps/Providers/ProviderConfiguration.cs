using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>A provider's settings from the stack file, and the stack it serves.</summary>
public sealed record ProviderConfiguration(string Project, string Stack, ObjectValue Settings);
