using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.PullRequests.Rendering;
using NUnit.Framework;

namespace Infra.GitOps.PullRequests.Tests.Rendering;

public class PreviewCommentRendererTests
{
    private static readonly PreviewCommentOptions GitHubOptions = new() { RepositoryUrl = new Uri("https://github.com/acme/infra") };

    public sealed record GoldenCase(string Name, Func<PullRequestPreview> Preview)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<GoldenCase> GoldenCases() =>
    [
        new("small", SamplePreviews.Small),
        new("invalid", SamplePreviews.Invalid),
        new("secret", SamplePreviews.SecretBearing),
        new("large", SamplePreviews.Large),
        new("none", () => SamplePreviews.Of()),
        new("filtered", () => SamplePreviews.Small() with { StackFilter = "dev" }),
    ];

    [TestCaseSource(nameof(GoldenCases))]
    public void Render_Sample_MatchesGoldenFile(GoldenCase sample)
    {
        var comment = new PreviewCommentRenderer().Render(sample.Preview(), GitHubOptions);

        Assert.That(MarkdownChecks.Problems(comment.Markdown), Is.Empty);
        Golden.AssertMatches(sample.Name, comment.Markdown);
    }

    [Test]
    public void Render_PlanOver70000Characters_CutsUnderGitHubLimitAndStaysValid()
    {
        var preview = SamplePreviews.Large();
        var uncut = new PreviewCommentRenderer().Render(preview, GitHubOptions with { MaxLength = int.MaxValue });

        var comment = new PreviewCommentRenderer().Render(preview, GitHubOptions);

        Assert.Multiple(() =>
        {
            Assert.That(uncut.Markdown, Has.Length.GreaterThan(70_000));
            Assert.That(uncut.IsCut, Is.False);
            Assert.That(comment.Markdown, Has.Length.LessThanOrEqualTo(PreviewCommentOptions.GitHubCommentLimit));
            Assert.That(MarkdownChecks.Problems(comment.Markdown), Is.Empty);
            Assert.That(comment.CutStacks, Is.EquivalentTo(new[] { "big", "medium" }));
            Assert.That(comment.Markdown, Does.Contain("`infra-gitops preview --stack big`"));
            Assert.That(comment.Markdown, Does.Contain("`infra-gitops preview --stack medium`"));
            Assert.That(comment.Markdown, Does.Not.Contain("`infra-gitops preview --stack tiny`"));
        });
    }

    [Test]
    public void Render_Cut_KeepsWholeSummary()
    {
        var preview = SamplePreviews.Large();

        var comment = new PreviewCommentRenderer().Render(preview, GitHubOptions with { MaxLength = 8_000 });

        var summaryEnd = comment.Markdown.IndexOf("<details>", StringComparison.Ordinal);
        var uncut = new PreviewCommentRenderer().Render(preview, GitHubOptions with { MaxLength = int.MaxValue }).Markdown;
        Assert.Multiple(() =>
        {
            Assert.That(comment.Markdown, Has.Length.LessThanOrEqualTo(8_000));
            Assert.That(MarkdownChecks.Problems(comment.Markdown), Is.Empty);
            Assert.That(summaryEnd, Is.GreaterThan(0));
            Assert.That(uncut, Does.StartWith(comment.Markdown[..summaryEnd]));
            Assert.That(comment.Markdown, Does.Contain("| `big` | 129 | 513 | 129 | 129 |"));
        });
    }

    [TestCase(2_600)]
    [TestCase(5_000)]
    [TestCase(20_000)]
    [TestCase(65_536)]
    public void Render_AnyLimitAboveSummary_StaysWithinLimitAndValid(int limit)
    {
        var comment = new PreviewCommentRenderer().Render(SamplePreviews.Large(), GitHubOptions with { MaxLength = limit });

        Assert.Multiple(() =>
        {
            Assert.That(comment.Markdown, Has.Length.LessThanOrEqualTo(limit));
            Assert.That(MarkdownChecks.Problems(comment.Markdown), Is.Empty);
            Assert.That(comment.Markdown, Does.StartWith(PreviewMarker.Default + "\n"));
            Assert.That(comment.Markdown, Does.Contain("Base [`1111111`]"));
        });
    }

    [Test]
    public void FairShares_SmallSectionsWhole_RestSharedEqually()
    {
        var shares = PreviewCommentRenderer.FairShares([50_000, 100, 30_000], 20_100);

        Assert.That(shares, Is.EqualTo(new[] { 10_000, 100, 10_000 }));
    }

    [Test]
    public void Render_SecretBearingChange_NeverShowsCanary()
    {
        var comment = new PreviewCommentRenderer().Render(SamplePreviews.SecretBearing(), GitHubOptions);

        Assert.Multiple(() =>
        {
            Assert.That(comment.Markdown, Does.Not.Contain(SamplePreviews.Canary));
            Assert.That(comment.Markdown, Does.Contain("cmdline: \"console=ttyS0\" => [secret]"));
            Assert.That(comment.Markdown, Does.Contain("ipAddress: (known after apply)"));
        });
    }

    [Test]
    public void Render_InvalidStack_LinksDiagnosticsToHeadCommit()
    {
        var comment = new PreviewCommentRenderer().Render(SamplePreviews.Invalid(), GitHubOptions);

        Assert.Multiple(() =>
        {
            Assert.That(comment.Markdown, Does.Contain($"[infra/network.yaml:7:3](https://github.com/acme/infra/blob/{SamplePreviews.Head}/infra/network.yaml#L7): **error** `GO1002`"));
            Assert.That(comment.Markdown, Does.Contain("| `prod` | - | - | - | - | :x: 2 validation errors |"));
            Assert.That(comment.Markdown, Does.Not.Contain("<b>looks"));
        });
    }

    [Test]
    public void Render_WithoutRepositoryUrl_PrintsLocationsAsText()
    {
        var comment = new PreviewCommentRenderer().Render(SamplePreviews.Invalid(), new PreviewCommentOptions());

        Assert.Multiple(() =>
        {
            Assert.That(comment.Markdown, Does.Contain("`infra/network.yaml:7:3`: **error**"));
            Assert.That(comment.Markdown, Does.Not.Contain("https://"));
        });
    }

    [Test]
    public void Render_DangerousReplacement_WarnsLoudly()
    {
        var comment = new PreviewCommentRenderer().Render(SamplePreviews.Small(), GitHubOptions);

        Assert.Multiple(() =>
        {
            Assert.That(comment.Markdown, Does.Contain("> [!CAUTION]"));
            Assert.That(comment.Markdown, Does.Contain("`lab-dev-web-0` (libvirt:index/domain:Domain, replace, stateful)"));
        });
    }

    [Test]
    public void Render_ValueWithBackticksAndFenceCloser_StaysInsideFence()
    {
        var urn = SamplePreviews.UrnOf("dev", "libvirt:index/domain:Domain", "vm");
        var step = SamplePreviews.Step(StepOperation.Update, urn, SamplePreviews.Update("userData", new StringValue("a"), new StringValue("```\n</details>\n````")));
        var preview = SamplePreviews.Of(new PlannedStackPreview("dev", ImmutableArray<Diagnostic>.Empty, [step]));

        var comment = new PreviewCommentRenderer().Render(preview, GitHubOptions);

        Assert.Multiple(() =>
        {
            Assert.That(MarkdownChecks.Problems(comment.Markdown), Is.Empty);
            Assert.That(comment.Markdown, Does.Contain("`````diff\n"));
        });
    }

    [TestCaseSource(nameof(GoldenCases))]
    public void FullLength_AnySample_IsTheLengthOfTheComposedSection(GoldenCase sample)
    {
        var preview = sample.Preview();

        var sections = preview.Stacks.Select(s => new StackSection(s, preview.HeadCommit, GitHubOptions)).ToList();

        Assert.That(sections.Select(s => s.FullLength), Is.EqualTo(sections.Select(s => (long)s.Full.Length)));
    }
}
