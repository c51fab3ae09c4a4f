namespace Infra.GitOps.Graph.Expressions;

/// <summary>One step of an <see cref="OutputPath"/>. Closed hierarchy: <see cref="PropertySegment"/>,
/// <see cref="IndexSegment"/>.</summary>
public abstract record OutputPathSegment;
