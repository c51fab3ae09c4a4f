namespace Infra.GitOps.Graph.Expressions;

/// <summary><c>${stack}</c>: the stack's name.</summary>
/// <param name="Text">The expression text.</param>
public sealed record StackNameExpression(string Text) : Expression(Text);
