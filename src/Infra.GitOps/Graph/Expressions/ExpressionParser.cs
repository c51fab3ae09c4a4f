using System.Collections.Immutable;
using System.Text;
using Infra.GitOps.Loading;

namespace Infra.GitOps.Graph.Expressions;

/// <summary>
/// Parses the expressions of a string value: <c>${var.name}</c>, <c>${secret.name}</c>, <c>${stack}</c>,
/// <c>${project}</c>, <c>${name.output[0]["k"]}</c>; <c>$$</c> is a literal <c>$</c>, and a <c>$</c> not
/// followed by <c>{</c> or <c>$</c> is literal too. Pure and thread-safe.
/// </summary>
public static class ExpressionParser
{
    /// <summary>The prefix of a variable expression.</summary>
    public const string VariablePrefix = "var";

    /// <summary>The prefix of a secret expression.</summary>
    public const string SecretPrefix = "secret";

    /// <summary>The stack name expression.</summary>
    public const string StackKeyword = "stack";

    /// <summary>The project name expression.</summary>
    public const string ProjectKeyword = "project";

    /// <summary>True when <paramref name="text"/> may hold an expression or an escape (a fast pre-check).</summary>
    public static bool MayContainExpressions(string text) =>
        text is not null && text.Contains('$', StringComparison.Ordinal);

    /// <summary>Parses <paramref name="text"/>; a syntax error is returned, never thrown.</summary>
    public static ExpressionParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = ImmutableArray.CreateBuilder<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                literal.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                literal.Append('$');
                i += 2;
                continue;
            }

            if (next != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            var close = FindClose(text, i + 2);
            if (close < 0)
            {
                return new ExpressionSyntaxError(
                    DiagnosticMessages.ExpressionUnclosedCode,
                    DiagnosticMessages.Format(DiagnosticMessages.ExpressionUnclosed, text));
            }

            var body = text[(i + 2)..close].Trim();
            if (body.Length == 0)
            {
                return new ExpressionSyntaxError(
                    DiagnosticMessages.ExpressionEmptyCode,
                    DiagnosticMessages.Format(DiagnosticMessages.ExpressionEmpty, text));
            }

            var expression = ParseBody(body, out var error);
            if (expression is null)
            {
                return new ExpressionSyntaxError(
                    DiagnosticMessages.ExpressionInvalidCode,
                    DiagnosticMessages.Format(DiagnosticMessages.ExpressionInvalid, body, error));
            }

            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString()));
                literal.Clear();
            }

            parts.Add(new ExpressionPart(expression));
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new LiteralPart(literal.ToString()));
        }

        return new ExpressionTemplate(parts.ToImmutable());
    }

    /// <summary>The index of the <c>}</c> closing an expression that starts at <paramref name="start"/>, skipping
    /// quoted keys; -1 when there is none.</summary>
    private static int FindClose(string text, int start)
    {
        var quoted = false;
        for (var j = start; j < text.Length; j++)
        {
            var c = text[j];
            if (quoted)
            {
                if (c == '\\')
                {
                    j++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '}')
            {
                return j;
            }
        }

        return -1;
    }

    private static Expression? ParseBody(string body, out string? error)
    {
        var position = 0;
        var head = OutputPath.ReadIdentifier(body, ref position);
        if (head.Length == 0)
        {
            error = "expected a name (var.x, secret.x, stack, project or resource.output)";
            return null;
        }

        if (position == body.Length)
        {
            error = null;
            switch (head)
            {
                case StackKeyword:
                    return new StackNameExpression(body);
                case ProjectKeyword:
                    return new ProjectNameExpression(body);
                case VariablePrefix or SecretPrefix:
                    error = $"expected '{head}.name'";
                    return null;
                default:
                    error = $"a resource reference needs an output: '{head}.id'";
                    return null;
            }
        }

        if (body[position] != '.')
        {
            error = $"expected '.' after '{head}'";
            return null;
        }

        var rest = body[(position + 1)..];
        if (head is VariablePrefix or SecretPrefix)
        {
            var namePosition = 0;
            var name = OutputPath.ReadIdentifier(rest, ref namePosition);
            if (name.Length == 0 || namePosition != rest.Length)
            {
                error = $"expected '{head}.name' with a simple name";
                return null;
            }

            error = null;
            return head == VariablePrefix ? new VariableExpression(body, name) : new SecretExpression(body, name);
        }

        var path = OutputPath.TryParse(rest, out error);
        return path is null ? null : new OutputExpression(body, head, path);
    }
}
