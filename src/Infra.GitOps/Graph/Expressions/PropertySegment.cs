namespace Infra.GitOps.Graph.Expressions;

/// <summary>An object property: <c>.name</c> or <c>["name"]</c>.</summary>
/// <param name="Name">The property's name.</param>
public sealed record PropertySegment(string Name) : OutputPathSegment;
