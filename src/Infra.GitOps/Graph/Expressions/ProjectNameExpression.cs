namespace Infra.GitOps.Graph.Expressions;

/// <summary><c>${project}</c>: the project's name.</summary>
/// <param name="Text">The expression text.</param>
public sealed record ProjectNameExpression(string Text) : Expression(Text);
