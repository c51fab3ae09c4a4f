namespace Infra.GitOps.Graph.Expressions;

/// <summary>An array element: <c>[0]</c>.</summary>
/// <param name="Index">The zero-based index.</param>
public sealed record IndexSegment(int Index) : OutputPathSegment;
