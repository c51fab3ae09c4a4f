using System.Text;
using Infra.GitOps.Reconciler.Hosting;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Hosting;

public class WebhookSignatureTests
{
    private const string Secret = "It's a Secret to Everybody";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Test]
    public void Compute_GitHubsDocumentedExample_MatchesTheirSignature()
    {
        // GitHub's documentation ("Validating webhook deliveries") signs "Hello, World!" with this secret.
        Assert.That(
            WebhookSignature.Compute(Body, Secret),
            Is.EqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
    }

    [Test]
    public void IsValid_GoodSignature_IsTrue()
    {
        Assert.That(WebhookSignature.IsValid(Body, WebhookSignature.Compute(Body, Secret), Secret), Is.True);
    }

    private static IEnumerable<TestCaseData> BadHeaders()
    {
        var good = WebhookSignature.Compute(Body, Secret);
        yield return new TestCaseData(null).SetName("IsValid_MissingHeader_IsFalse").Returns(false);
        yield return new TestCaseData(string.Empty).SetName("IsValid_EmptyHeader_IsFalse").Returns(false);
        yield return new TestCaseData(good[7..]).SetName("IsValid_NoPrefix_IsFalse").Returns(false);
        yield return new TestCaseData("sha1=" + good[7..]).SetName("IsValid_Sha1Prefix_IsFalse").Returns(false);
        yield return new TestCaseData(good[..^1] + (good[^1] == '0' ? '1' : '0')).SetName("IsValid_OneDigitChanged_IsFalse").Returns(false);
        yield return new TestCaseData(good[..^2]).SetName("IsValid_Truncated_IsFalse").Returns(false);
        yield return new TestCaseData(good + "00").SetName("IsValid_TooLong_IsFalse").Returns(false);
        yield return new TestCaseData("sha256=" + new string('z', 64)).SetName("IsValid_NotHex_IsFalse").Returns(false);
        yield return new TestCaseData(WebhookSignature.Compute(Body, "another secret")).SetName("IsValid_OtherSecret_IsFalse").Returns(false);
        yield return new TestCaseData(good.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)).SetName("IsValid_UpperCaseHex_IsTrueToo").Returns(true);
    }

    [TestCaseSource(nameof(BadHeaders))]
    public bool IsValid_Header_IsFalseUnlessWellFormedAndMatching(string? header) => WebhookSignature.IsValid(Body, header, Secret);

    [Test]
    public void IsValid_NoSecretConfigured_IsFalse()
    {
        Assert.That(WebhookSignature.IsValid(Body, WebhookSignature.Compute(Body, Secret), null), Is.False);
    }
}
