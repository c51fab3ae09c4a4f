using System.Collections.Immutable;

namespace Infra.GitOps.Graph.Expressions;

/// <summary>A string split into literal text and expressions.</summary>
/// <param name="Parts">The parts in order; adjacent literals are merged, empty literals left out.</param>
public sealed record ExpressionTemplate(ImmutableArray<TemplatePart> Parts) : ExpressionParseResult
{
    /// <summary>True when the string holds at least one expression.</summary>
    public bool HasExpressions => Parts.Any(p => p is ExpressionPart);

    /// <summary>The expression when the string is exactly one <c>${...}</c> (which keeps the value's type), else null.</summary>
    public Expression? SingleExpression => Parts is [ExpressionPart only] ? only.Expression : null;

    /// <inheritdoc />
    public bool Equals(ExpressionTemplate? other) =>
        other is not null && Parts.AsSpan().SequenceEqual(other.Parts.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => Parts.Length;
}
