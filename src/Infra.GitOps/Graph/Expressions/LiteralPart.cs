namespace Infra.GitOps.Graph.Expressions;

/// <summary>Literal text, with <c>$$</c> escapes already turned into <c>$</c>.</summary>
/// <param name="Text">The text.</param>
public sealed record LiteralPart(string Text) : TemplatePart;
