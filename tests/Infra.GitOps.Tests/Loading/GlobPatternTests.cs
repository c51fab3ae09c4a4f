using Infra.GitOps.Loading;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Loading;

[TestFixture]
public class GlobPatternTests
{
    [TestCase("infra/**/*.yaml", "infra/a.yaml", true)]
    [TestCase("infra/**/*.yaml", "infra/x/y/a.yaml", true)]
    [TestCase("infra/**/*.yaml", "infra/a.yml", false)]
    [TestCase("infra/**/*.yaml", "other/infra/a.yaml", false)]
    [TestCase("infra/*.yaml", "infra/x/a.yaml", false)]
    [TestCase("**/*.yaml", "a.yaml", true)]
    [TestCase("**", "a/b/c", true)]
    [TestCase("infra/**", "infra/a/b.yaml", true)]
    [TestCase("infra/?.yaml", "infra/a.yaml", true)]
    [TestCase("infra/?.yaml", "infra/ab.yaml", false)]
    [TestCase("infra/*-net*.yaml", "infra/lab-net-1.yaml", true)]
    [TestCase("./infra/*.yaml", "infra/a.yaml", true)]
    [TestCase("a/**/b/**/c.yaml", "a/x/b/y/z/c.yaml", true)]
    [TestCase("a/**/b/**/c.yaml", "a/x/c.yaml", false)]
    [TestCase("Infra/*.yaml", "infra/a.yaml", false)]
    public void IsMatch_Path_MatchesAsGlobsDo(string glob, string path, bool expected)
    {
        var pattern = GlobPattern.TryCreate(glob, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(pattern!.IsMatch(path.Split('/')), Is.EqualTo(expected));
        });
    }

    [TestCase("../x/*.yaml", DiagnosticMessages.GlobParentSegment)]
    [TestCase("infra/../../x", DiagnosticMessages.GlobParentSegment)]
    [TestCase("/etc/*.yaml", DiagnosticMessages.GlobAbsolute)]
    [TestCase("C:/infra/*.yaml", DiagnosticMessages.GlobAbsolute)]
    [TestCase("infra\\*.yaml", DiagnosticMessages.GlobBackslash)]
    [TestCase("infra//a.yaml", DiagnosticMessages.GlobEmpty)]
    [TestCase("", DiagnosticMessages.GlobEmpty)]
    public void TryCreate_EscapingGlob_IsRejected(string glob, string reason)
    {
        var pattern = GlobPattern.TryCreate(glob, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(pattern, Is.Null);
            Assert.That(error, Is.EqualTo(reason));
        });
    }

    [Test]
    [CancelAfter(5_000)]
    public void IsMatch_PathologicalPattern_StaysFast()
    {
        var pattern = GlobPattern.TryCreate(string.Join('/', Enumerable.Repeat("**/a*a*a*a*a*b", 20)), out _)!; // a valid glob
        var path = Enumerable.Repeat(new string('a', 200), 200).ToArray();

        Assert.That(pattern.IsMatch(path), Is.False);
    }
}
