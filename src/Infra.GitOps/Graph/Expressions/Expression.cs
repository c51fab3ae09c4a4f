namespace Infra.GitOps.Graph.Expressions;

/// <summary>
/// One parsed <c>${...}</c> expression. Closed hierarchy: <see cref="VariableExpression"/>,
/// <see cref="SecretExpression"/>, <see cref="StackNameExpression"/>, <see cref="ProjectNameExpression"/>,
/// <see cref="OutputExpression"/>.
/// </summary>
/// <param name="Text">The text between <c>${</c> and <c>}</c>, trimmed.</param>
public abstract record Expression(string Text)
{
    /// <summary>The expression as written: <c>${text}</c>.</summary>
    public sealed override string ToString() => "${" + Text + "}";
}
