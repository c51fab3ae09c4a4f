using Infra.GitOps.Reconciler.Hosting;
using Infra.GitOps.Reconciler.Status;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Hosting;

public class PrometheusMetricsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Render_StoppedLoopWithoutStacks_ShowsOnlyThatItIsDown()
    {
        var text = PrometheusMetrics.Render([], new ReconcilerHealth());

        Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')), Is.EqualTo(new[] { "infra_gitops_up 0" }));
    }

    [Test]
    public void Render_Stack_GivesEveryGaugeWithItsValue()
    {
        var status = new StackStatus
        {
            Stack = "dev",
            Failures = 2,
            LastAttemptAt = At.AddSeconds(90.5),
            LastAppliedAt = At,
            Durations = new RunDurations(1, 2, 3, 4, 1250),
        }.WithCondition(ConditionTypes.Ready, false, Reasons.ApplyFailed, "x", At).WithCondition(ConditionTypes.Drifted, true, Reasons.DriftDetected, "y", At);

        var samples = PrometheusMetrics.Render([status], new ReconcilerHealth()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'));

        Assert.That(samples, Is.EqualTo(new[]
        {
            "infra_gitops_up 0",
            "infra_gitops_stack_ready{stack=\"dev\"} 0",
            "infra_gitops_stack_stalled{stack=\"dev\"} 0",
            "infra_gitops_stack_drifted{stack=\"dev\"} 1",
            "infra_gitops_stack_reconciling{stack=\"dev\"} 0",
            "infra_gitops_stack_failures{stack=\"dev\"} 2",
            "infra_gitops_stack_last_attempt_timestamp_seconds{stack=\"dev\"} 1772352090.5",
            "infra_gitops_stack_last_applied_timestamp_seconds{stack=\"dev\"} 1772352000",
            "infra_gitops_stack_last_run_duration_seconds{stack=\"dev\"} 1.25",
        }));
    }

    [Test]
    public void Render_EveryFamily_HasHelpAndTypeOnce()
    {
        var statuses = Enumerable.Range(0, 3).Select(i => new StackStatus { Stack = $"s{i}" }).ToList();

        var lines = PrometheusMetrics.Render(statuses, new ReconcilerHealth()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var types = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(types, Is.Unique);
            Assert.That(lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(['{', ' '])[0]).Distinct(), Is.SubsetOf(types));
            Assert.That(lines.Count(l => l.StartsWith("infra_gitops_stack_ready{", StringComparison.Ordinal)), Is.EqualTo(3));
        });
    }

    [TestCase("dev", "dev")]
    [TestCase("a\"b", "a\\\"b")]
    [TestCase("a\\b\nc", "a\\\\b\\nc")]
    public void EscapeLabel_EscapesWhatTheFormatReserves(string value, string expected) =>
        Assert.That(PrometheusMetrics.EscapeLabel(value), Is.EqualTo(expected));
}
