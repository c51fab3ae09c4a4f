using Infra.GitOps.Reconciler.Decisions;

namespace Infra.GitOps.Reconciler;

/// <summary>How the reconciler runs. Bind from configuration or set in code; validated by <see cref="Validate"/>.</summary>
public sealed class ReconcilerOptions
{
    /// <summary>The state store's directory; the reconciler's status, audit and request files go under its <c>.infra-gitops/</c>.</summary>
    public string StateDirectory { get; set; } = ".infra/state";

    /// <summary>The tracked branch (for matching webhook pushes and for messages).</summary>
    public string Branch { get; set; } = "main";

    /// <summary>The time between polls of the remote (Argo CD: 120 s; the Pulumi operator: at least 60 s).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The poll interval varies by up to this much either way, so many reconcilers do not poll in step.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The retry delays after failures.</summary>
    public BackoffPolicy Backoff { get; set; } = BackoffPolicy.Default;

    /// <summary>How long a stack waits after a <see cref="Status.ReconcileResult.Waiting"/> outcome (its lock held elsewhere).</summary>
    public TimeSpan WaitDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a pass may take; stacks still running then fail with <c>TimedOut</c> and are retried.</summary>
    public TimeSpan PassTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many stacks are reconciled at once (Flux: 4).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Runs a stack on a branch move only when the move touches one of its files (its stack file, the project file,
    /// what its sources match) since its last applied commit, as Atlantis's <c>when_modified</c> and Pulumi
    /// Deployments' path filters do in a monorepo. Requests, retries and drift checks are not filtered. Off: every
    /// stack runs (preview, and up when it changes something) on every move.
    /// </summary>
    public bool PathFilter { get; set; } = true;

    /// <summary>Allow every stack to exceed its <c>maxDeletes</c> in this process (the explicit override; prefer a per-request override).</summary>
    public bool OverrideDeleteLimit { get; set; }

    /// <summary>The lock owner shown to whoever is refused a stack's lock.</summary>
    public string Owner { get; set; } = "reconciler";

    /// <summary>How many skipped intermediate commits an audit entry lists at most.</summary>
    public int SkippedCommitLimit { get; set; } = 50;

    /// <summary>Where <c>serve</c> listens for webhooks and health checks (<c>http://127.0.0.1:8080</c>); null for no HTTP endpoint. Port 0 picks a free port.</summary>
    public Uri? ListenAddress { get; set; }

    /// <summary>The path of the GitHub push webhook.</summary>
    public string WebhookPath { get; set; } = "/hooks/github";

    /// <summary>The webhook's shared secret; webhooks are refused (401) when it is not set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The largest webhook body accepted, in bytes.</summary>
    public long MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(StateDirectory);
        ArgumentException.ThrowIfNullOrEmpty(Branch);
        ArgumentException.ThrowIfNullOrEmpty(Owner);
        if (Interval <= TimeSpan.Zero || Jitter < TimeSpan.Zero || Jitter >= Interval)
        {
            throw new ArgumentException("Interval must be positive and Jitter in [0, Interval)", nameof(Interval));
        }

        if (PassTimeout <= TimeSpan.Zero || WaitDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("PassTimeout must be positive and WaitDelay not negative", nameof(PassTimeout));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SkippedCommitLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxWebhookBodyBytes);
        if (ListenAddress is { } address && !address.IsLoopback && address.Host != "0.0.0.0")
        {
            // Loopback by default: a public bind must be explicit (0.0.0.0) and should sit behind a proxy.
            throw new ArgumentException($"ListenAddress {address} is neither loopback nor 0.0.0.0", nameof(ListenAddress));
        }
    }
}
