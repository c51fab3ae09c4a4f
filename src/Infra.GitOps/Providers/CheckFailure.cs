namespace Infra.GitOps.Providers;

/// <summary>One invalid input: the top-level property (or null for the whole resource) and why.</summary>
public sealed record CheckFailure(string? Property, string Reason);
