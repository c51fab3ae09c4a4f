using NUnit.Framework;
using System.Collections.Immutable;
using Infra.GitOps.Graph.Expressions;
using Infra.GitOps.Loading;

namespace Infra.GitOps.Tests.Graph.Expressions;

public class ExpressionParserTests
{
    public sealed record ParseCase(string Text, ImmutableArray<TemplatePart> Parts)
    {
        public override string ToString() => Text;
    }

    public sealed record ErrorCase(string Text, string Code)
    {
        public override string ToString() => Text;
    }

    private static OutputPath Path(params OutputPathSegment[] segments) => new([.. segments]);

    public static IEnumerable<ParseCase> ValidCases()
    {
        yield return new("plain text", [new LiteralPart("plain text")]);
        yield return new("${var.replicas}", [new ExpressionPart(new VariableExpression("var.replicas", "replicas"))]);
        yield return new("${ stack }", [new ExpressionPart(new StackNameExpression("stack"))]);
        yield return new("${project}", [new ExpressionPart(new ProjectNameExpression("project"))]);
        yield return new("${secret.db-password}", [new ExpressionPart(new SecretExpression("secret.db-password", "db-password"))]);
        yield return new("${web.ipAddress}", [new ExpressionPart(new OutputExpression("web.ipAddress", "web", Path(new PropertySegment("ipAddress"))))]);
        yield return new("${web.ipAddresses[1]}", [new ExpressionPart(new OutputExpression("web.ipAddresses[1]", "web", Path(new PropertySegment("ipAddresses"), new IndexSegment(1))))]);
        yield return new("${app.metadata.labels[\"app.kubernetes.io/name\"]}", [new ExpressionPart(new OutputExpression("app.metadata.labels[\"app.kubernetes.io/name\"]", "app", Path(new PropertySegment("metadata"), new PropertySegment("labels"), new PropertySegment("app.kubernetes.io/name"))))]);
        yield return new("${k.data[\"a}b\"]}", [new ExpressionPart(new OutputExpression("k.data[\"a}b\"]", "k", Path(new PropertySegment("data"), new PropertySegment("a}b"))))]);
        yield return new("a$$b", [new LiteralPart("a$b")]);
        yield return new("$${not}", [new LiteralPart("${not}")]);
        yield return new("cost $5 $", [new LiteralPart("cost $5 $")]);
        yield return new("$$${var.x}", [new LiteralPart("$"), new ExpressionPart(new VariableExpression("var.x", "x"))]);
        yield return new("http://${web.ipAddress}:8080", [new LiteralPart("http://"), new ExpressionPart(new OutputExpression("web.ipAddress", "web", Path(new PropertySegment("ipAddress")))), new LiteralPart(":8080")]);
        yield return new("${project}-${stack}", [new ExpressionPart(new ProjectNameExpression("project")), new LiteralPart("-"), new ExpressionPart(new StackNameExpression("stack"))]);
    }

    public static IEnumerable<ErrorCase> ErrorCases()
    {
        yield return new("${var.x", DiagnosticMessages.ExpressionUnclosedCode);
        yield return new("a ${web.id", DiagnosticMessages.ExpressionUnclosedCode);
        yield return new("${web.tags[\"x}", DiagnosticMessages.ExpressionUnclosedCode);
        yield return new("${}", DiagnosticMessages.ExpressionEmptyCode);
        yield return new("x ${  }", DiagnosticMessages.ExpressionEmptyCode);
        yield return new("${web}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${web.}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${web.a[x]}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${web.a[0}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${web[0]}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${var.a.b}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${var}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${secret.}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${.id}", DiagnosticMessages.ExpressionInvalidCode);
        yield return new("${web.id x}", DiagnosticMessages.ExpressionInvalidCode);
    }

    [TestCaseSource(nameof(ValidCases))]
    public void Parse_ValidText_Parts(ParseCase testCase)
    {
        var result = ExpressionParser.Parse(testCase.Text);

        Assert.That(result, Is.EqualTo(new ExpressionTemplate(testCase.Parts)));
    }

    [TestCaseSource(nameof(ErrorCases))]
    public void Parse_InvalidText_SyntaxErrorWithCode(ErrorCase testCase)
    {
        var result = ExpressionParser.Parse(testCase.Text);

        Assert.That(result, Is.TypeOf<ExpressionSyntaxError>().With.Property(nameof(ExpressionSyntaxError.Code)).EqualTo(testCase.Code));
    }

    [Test]
    public void Parse_SingleExpression_KeepsTypeOnlyWhenAlone()
    {
        var single = (ExpressionTemplate)ExpressionParser.Parse("${var.x}");
        var mixed = (ExpressionTemplate)ExpressionParser.Parse(" ${var.x}");

        Assert.Multiple(() =>
        {
            Assert.That(single.SingleExpression, Is.EqualTo(new VariableExpression("var.x", "x")));
            Assert.That(mixed.SingleExpression, Is.Null);
            Assert.That(mixed.HasExpressions, Is.True);
        });
    }

    [Test]
    public void Parse_HugeString_Linear()
    {
        var text = string.Concat(Enumerable.Repeat("a$$b ${var.x} ", 20_000));

        var result = (ExpressionTemplate)ExpressionParser.Parse(text);

        Assert.That(result.Parts.Count(p => p is ExpressionPart), Is.EqualTo(20_000));
    }
}
