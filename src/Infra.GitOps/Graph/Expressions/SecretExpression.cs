namespace Infra.GitOps.Graph.Expressions;

/// <summary><c>${secret.name}</c>: a stack secret; its value becomes a <see cref="Model.SecretValue"/>.</summary>
/// <param name="Text">The expression text.</param>
/// <param name="Name">The secret's name.</param>
public sealed record SecretExpression(string Text, string Name) : Expression(Text);
