namespace Infra.GitOps.Graph.Expressions;

/// <summary>A part of an <see cref="ExpressionTemplate"/>. Closed hierarchy: <see cref="LiteralPart"/>,
/// <see cref="ExpressionPart"/>.</summary>
public abstract record TemplatePart;
