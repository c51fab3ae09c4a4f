using Infra.GitOps.PullRequests.Previewing;
using NUnit.Framework;

namespace Infra.GitOps.PullRequests.Tests.Previewing;

public class SourceGlobTests
{
    [TestCase("infra/**/*.yaml", "infra/vms.yaml", true)]
    [TestCase("infra/**/*.yaml", "infra/aws/deep/app.yaml", true)]
    [TestCase("infra/**/*.yaml", "infra/vms.yml", false)]
    [TestCase("infra/**/*.yaml", "other/infra/vms.yaml", false)]
    [TestCase("infra/*.yaml", "infra/aws/app.yaml", false)]
    [TestCase("infra/?ms.yaml", "infra/vms.yaml", true)]
    [TestCase("infra/?ms.yaml", "infra/vvms.yaml", false)]
    [TestCase("**", "anything/at/all", true)]
    [TestCase("infra/dev/*", "infra/dev", false)]
    [TestCase("./infra/*.yaml", "infra/a.yaml", true)]
    [TestCase("Infra/*.yaml", "infra/a.yaml", false)]
    public void IsMatch_PatternAndPath_MatchesAsTheLoader(string pattern, string path, bool expected)
    {
        Assert.That(new SourceGlob(pattern).IsMatch(path), Is.EqualTo(expected));
    }

    [Test]
    [CancelAfter(5_000)]
    public void IsMatch_HostilePattern_FinishesQuickly()
    {
        var pattern = string.Join('/', Enumerable.Repeat("**", 12)) + "/" + string.Concat(Enumerable.Repeat("*a", 12)) + "b";
        var path = string.Join('/', Enumerable.Repeat("x", 14)) + "/" + new string('a', 30);

        Assert.That(new SourceGlob(pattern).IsMatch(path), Is.False);
    }
}
