using System.Globalization;
using System.Text;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler.Hosting;

/// <summary>
/// <c>GET /metrics</c> of <c>serve</c>: the stacks' stored status in Prometheus' text exposition format (version
/// 0.0.4), as Flux and Argo CD expose theirs for alerting. Computed at each scrape from the status files, so it also
/// shows what <c>reconcile --once</c> runs recorded. Gauges per stack: Ready, Stalled, Drifted and Reconciling (1 or
/// 0), consecutive failures, the last attempt and the last apply (Unix seconds), the last run's duration (seconds);
/// and whether the loop runs and when its last pass finished.
/// </summary>
public static class PrometheusMetrics
{
    /// <summary>The content type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders the exposition for <paramref name="statuses"/> and the loop's <paramref name="health"/>.</summary>
    public static string Render(IReadOnlyList<StackStatus> statuses, ReconcilerHealth health)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(health);
        var text = new StringBuilder(256 + (statuses.Count * 900));
        Family(text, "infra_gitops_up", "1 while the reconcile loop runs.");
        Sample(text, "infra_gitops_up", null, health.IsRunning ? 1 : 0);
        if (health.LastPassFinished is { } lastPass)
        {
            Family(text, "infra_gitops_last_pass_timestamp_seconds", "When the last reconcile pass finished (Unix seconds).");
            Sample(text, "infra_gitops_last_pass_timestamp_seconds", null, lastPass.ToUnixTimeMilliseconds() / 1000.0);
        }

        StackFamily(text, statuses, "infra_gitops_stack_ready", "1 when the stack's Ready condition is true.", s => s.Is(ConditionTypes.Ready) ? 1 : 0);
        StackFamily(text, statuses, "infra_gitops_stack_stalled", "1 when the stack is stalled (a person or a new commit must act).", s => s.Is(ConditionTypes.Stalled) ? 1 : 0);
        StackFamily(text, statuses, "infra_gitops_stack_drifted", "1 when the last drift check found drift that is not corrected.", s => s.Is(ConditionTypes.Drifted) ? 1 : 0);
        StackFamily(text, statuses, "infra_gitops_stack_reconciling", "1 while a run of the stack is in progress.", s => s.Is(ConditionTypes.Reconciling) ? 1 : 0);
        StackFamily(text, statuses, "infra_gitops_stack_failures", "Consecutive failed runs of the stack's current revision.", s => s.Failures);
        StackFamily(text, statuses, "infra_gitops_stack_last_attempt_timestamp_seconds", "When the stack last ran (Unix seconds).", s => Seconds(s.LastAttemptAt));
        StackFamily(text, statuses, "infra_gitops_stack_last_applied_timestamp_seconds", "When the stack was last applied (Unix seconds).", s => Seconds(s.LastAppliedAt));
        StackFamily(text, statuses, "infra_gitops_stack_last_run_duration_seconds", "How long the stack's last run took.", s => s.Durations.TotalMs / 1000.0);
        return text.ToString();
    }

    private static double? Seconds(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds() / 1000.0;

    private static void StackFamily(StringBuilder text, IReadOnlyList<StackStatus> statuses, string name, string help, Func<StackStatus, double?> value)
    {
        Family(text, name, help);
        foreach (var status in statuses)
        {
            if (value(status) is { } sample)
            {
                Sample(text, name, status.Stack, sample);
            }
        }
    }

    private static void Family(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(" gauge\n");

    private static void Sample(StringBuilder text, string name, string? stack, double value)
    {
        text.Append(name);
        if (stack is not null)
        {
            text.Append("{stack=\"").Append(EscapeLabel(stack)).Append("\"}");
        }

        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>A label value as the format wants it: backslash, double quote and line feed escaped.</summary>
    internal static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
