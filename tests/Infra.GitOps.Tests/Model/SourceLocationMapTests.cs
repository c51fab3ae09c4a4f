using NUnit.Framework;
using Infra.GitOps.Model;

namespace Infra.GitOps.Tests.Model;

public class SourceLocationMapTests
{
    private const string File = "infra/net.yaml";

    [Test]
    public void Find_RecordedPaths_TheirLocationsInTheFile()
    {
        var map = SourceLocationMap.Create(File, ["spec.cidr", "metadata.name", "spec.subnets[0].cidr"], [7, 3, 10], [9, 9, 14]);

        Assert.Multiple(() =>
        {
            Assert.That(map.Count, Is.EqualTo(3));
            Assert.That(map.Find("metadata.name"), Is.EqualTo(new SourceLocation(File, 3, 9)));
            Assert.That(map.Find("spec.cidr"), Is.EqualTo(new SourceLocation(File, 7, 9)));
            Assert.That(map.Find("spec.subnets[0].cidr"), Is.EqualTo(new SourceLocation(File, 10, 14)));
            Assert.That(map.Find("spec.mode"), Is.Null);
            Assert.That(map.GetValueOrDefault("spec.mode", SourceLocation.OfFile(File)), Is.EqualTo(SourceLocation.OfFile(File)));
        });
    }

    [Test]
    public void Create_SamePathTwice_TheLastWins()
    {
        var map = SourceLocationMap.Create(File, ["spec.a", "spec.b", "spec.a"], [1, 2, 3], [1, 1, 5]);

        Assert.Multiple(() =>
        {
            Assert.That(map.Count, Is.EqualTo(2));
            Assert.That(map.Find("spec.a"), Is.EqualTo(new SourceLocation(File, 3, 5)));
            Assert.That(map.Entries().Select(e => e.Key), Is.EqualTo(new[] { "spec.a", "spec.b" }));
        });
    }

    [Test]
    public void Create_LocationsInTwoFiles_Throws()
    {
        var locations = new Dictionary<string, SourceLocation> { ["a"] = new("x.yaml", 1, 1), ["b"] = new("y.yaml", 1, 1) };

        Assert.That(() => SourceLocationMap.Create(locations), Throws.ArgumentException);
    }

    [Test]
    public void Find_ManyPaths_EveryOneFound()
    {
        const int Count = 200_000;
        var paths = Enumerable.Range(0, Count).Select(i => $"spec.k{i}").ToList();
        var map = SourceLocationMap.Create(File, paths, Enumerable.Range(1, Count).ToList(), Enumerable.Repeat(3, Count).ToList());

        var found = paths.Count(p => map.Find(p) is not null);

        Assert.That(found, Is.EqualTo(Count));
    }

    [TestCase("spec", "cidr", "spec.cidr")]
    [TestCase("spec", "subnets[0].cidr", "spec.subnets[0].cidr")]
    [TestCase("spec.subnets[0]", "cidr", "spec.subnets[0].cidr")]
    [TestCase("", "metadata.name", "metadata.name")]
    [TestCase("spec", "mode", "spec.mode")]
    [TestCase("spec", "", "spec.")]
    [TestCase("spe", "c.cidr", "spe.c.cidr")]
    [TestCase("spec.cidr", "x", "spec.cidr.x")]
    [TestCase("metadata", "nam", "metadata.nam")]
    [TestCase("a", "b", "a.b")]
    [TestCase("z", "z", "z.z")]
    public void Find_ParentAndName_SameAsTheJoinedPath(string parent, string name, string joined)
    {
        var map = SourceLocationMap.Create(
            File,
            ["spec", "spec.cidr", "metadata.name", "spec.subnets[0].cidr", "spec-x", "spec.cidr0", "spec/", "a.b"],
            [1, 2, 3, 4, 5, 6, 7, 8],
            [1, 1, 1, 1, 1, 1, 1, 1]);

        Assert.That(map.Find(parent, name), Is.EqualTo(map.Find(joined)));
    }
}
