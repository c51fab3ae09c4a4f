using Infra.GitOps.Reconciler.Decisions;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Decisions;

public class BackoffPolicyTests
{
    private static IEnumerable<TestCaseData> DefaultDelays()
    {
        yield return new TestCaseData(0, TimeSpan.FromSeconds(10)).SetName("Delay_NoFailures_Is10Seconds");
        yield return new TestCaseData(1, TimeSpan.FromSeconds(30)).SetName("Delay_OneFailure_Is30Seconds");
        yield return new TestCaseData(2, TimeSpan.FromSeconds(90)).SetName("Delay_TwoFailures_Is90Seconds");
        yield return new TestCaseData(3, TimeSpan.FromSeconds(270)).SetName("Delay_ThreeFailures_Is270Seconds");
        yield return new TestCaseData(8, TimeSpan.FromSeconds(65610)).SetName("Delay_EightFailures_IsUnderTheCap");
        yield return new TestCaseData(9, TimeSpan.FromHours(24)).SetName("Delay_NineFailures_IsCappedAt24Hours");
        yield return new TestCaseData(5000, TimeSpan.FromHours(24)).SetName("Delay_HugeFailures_IsCappedWithoutOverflow");
    }

    [TestCaseSource(nameof(DefaultDelays))]
    public void Delay_Default_Is10SecondsTimes3PowFailures(int failures, TimeSpan expected)
    {
        Assert.That(BackoffPolicy.Default.Delay(failures), Is.EqualTo(expected));
    }

    [Test]
    public void Delay_ConfiguredCap_CapsEarlier()
    {
        var policy = new BackoffPolicy { Cap = TimeSpan.FromMinutes(5) };

        Assert.Multiple(() =>
        {
            Assert.That(policy.Delay(3), Is.EqualTo(TimeSpan.FromSeconds(270)));
            Assert.That(policy.Delay(4), Is.EqualTo(TimeSpan.FromMinutes(5)));
        });
    }

    [Test]
    public void Delay_NegativeFailures_Throws()
    {
        Assert.That(() => BackoffPolicy.Default.Delay(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0.0, 27.0)]
    [TestCase(0.5, 30.0)]
    [TestCase(0.75, 31.5)]
    public void JitteredDelay_Sample_SpreadsTenPercent(double sample, double expectedSeconds)
    {
        Assert.That(BackoffPolicy.Default.JitteredDelay(1, sample).TotalSeconds, Is.EqualTo(expectedSeconds).Within(0.001));
    }

    [Test]
    public void JitteredDelay_AtTheCap_NeverExceedsIt()
    {
        Assert.That(BackoffPolicy.Default.JitteredDelay(20, 0.999), Is.EqualTo(TimeSpan.FromHours(24)));
    }
}
