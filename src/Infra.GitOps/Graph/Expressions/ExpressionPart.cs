namespace Infra.GitOps.Graph.Expressions;

/// <summary>A <c>${...}</c> expression inside a string.</summary>
/// <param name="Expression">The parsed expression.</param>
public sealed record ExpressionPart(Expression Expression) : TemplatePart;
