using NUnit.Framework;
using Infra.GitOps.Graph.Expressions;

namespace Infra.GitOps.Tests.Graph.Expressions;

public class OutputPathTests
{
    [TestCase("ipAddress", "ipAddress")]
    [TestCase("ipAddresses[0]", "ipAddresses[0]")]
    [TestCase("tags[\"env\"]", "tags.env")]
    [TestCase("labels[\"app.kubernetes.io/name\"]", "labels[\"app.kubernetes.io/name\"]")]
    [TestCase("a.b[2][\"q\\\"uote\"]", "a.b[2][\"q\\\"uote\"]")]
    public void TryParse_ValidPath_CanonicalText(string text, string canonical)
    {
        var path = OutputPath.TryParse(text, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(path?.ToString(), Is.EqualTo(canonical));
            Assert.That(OutputPath.TryParse(canonical, out _), Is.EqualTo(path));
        });
    }

    [TestCase("")]
    [TestCase("[0]")]
    [TestCase("a.")]
    [TestCase("a[")]
    [TestCase("a[-1]")]
    [TestCase("a[\"x]")]
    [TestCase("a b")]
    public void TryParse_InvalidPath_NullWithError(string text)
    {
        var path = OutputPath.TryParse(text, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(path, Is.Null);
            Assert.That(error, Is.Not.Null.And.Not.Empty);
        });
    }
}
