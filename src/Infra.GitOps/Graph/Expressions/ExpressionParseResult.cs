namespace Infra.GitOps.Graph.Expressions;

/// <summary>What <see cref="ExpressionParser.Parse"/> returns. Closed hierarchy: <see cref="ExpressionTemplate"/>,
/// <see cref="ExpressionSyntaxError"/>.</summary>
public abstract record ExpressionParseResult;
