namespace Infra.GitOps.Graph.Expressions;

/// <summary><c>${var.name}</c>: a stack variable, substituted when the graph is built.</summary>
/// <param name="Text">The expression text.</param>
/// <param name="Name">The variable's name.</param>
public sealed record VariableExpression(string Text, string Name) : Expression(Text);
