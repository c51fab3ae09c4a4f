using Infra.GitOps.Loading.Yaml;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Loading;

[TestFixture]
public class ScalarResolverTests
{
    [TestCase("", "Null", 0)]
    [TestCase("~", "Null", 0)]
    [TestCase("null", "Null", 0)]
    [TestCase("NULL", "Null", 0)]
    [TestCase("true", "Boolean", 0)]
    [TestCase("False", "Boolean", 0)]
    [TestCase("yes", "String", 0)]
    [TestCase("on", "String", 0)]
    [TestCase("0", "Integer", 0)]
    [TestCase("-17", "Integer", -17)]
    [TestCase("+5", "Integer", 5)]
    [TestCase("0o17", "Integer", 15)]
    [TestCase("0x1F", "Integer", 31)]
    [TestCase("0x", "String", 0)]
    [TestCase("1.5", "Float", 1.5)]
    [TestCase("1.", "Float", 1)]
    [TestCase(".5", "Float", 0.5)]
    [TestCase("-.5e1", "Float", -5)]
    [TestCase("1e3", "Float", 1000)]
    [TestCase("1e", "String", 0)]
    [TestCase("1_000", "String", 0)]
    [TestCase("10.10.0.0/24", "String", 0)]
    [TestCase("1.2.3", "String", 0)]
    [TestCase("-", "String", 0)]
    [TestCase("Infinity", "String", 0)]
    [TestCase("-Infinity", "String", 0)]
    [TestCase(".inf", "Float", double.PositiveInfinity)]
    [TestCase("-.Inf", "Float", double.NegativeInfinity)]
    [TestCase("2024-01-01", "String", 0)]
    [TestCase("${var.x}", "String", 0)]
    public void Resolve_PlainScalar_FollowsYaml12Core(string text, string expected, double number)
    {
        var type = ScalarResolver.Resolve(text, out var value);

        Assert.Multiple(() =>
        {
            Assert.That(type.ToString(), Is.EqualTo(expected));
            Assert.That(value, Is.EqualTo(number));
        });
    }

    [Test]
    public void Resolve_NaN_IsAFloat()
    {
        var type = ScalarResolver.Resolve(".nan", out var value);

        Assert.Multiple(() =>
        {
            Assert.That(type, Is.EqualTo(YamlScalarType.Float));
            Assert.That(double.IsNaN(value), Is.True);
        });
    }
}
