namespace Infra.GitOps.Graph.Expressions;

/// <summary>A string whose expressions do not parse.</summary>
/// <param name="Code">The diagnostic code (<see cref="Loading.DiagnosticMessages"/>).</param>
/// <param name="Message">The formatted message.</param>
public sealed record ExpressionSyntaxError(string Code, string Message) : ExpressionParseResult;
