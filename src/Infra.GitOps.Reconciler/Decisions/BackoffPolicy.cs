namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>
/// Retry delays after failures, after the Pulumi Kubernetes Operator: <c>Base × Factor^failures</c>, capped at
/// <see cref="Cap"/>; jitter spreads retries of many stacks. Pure: the random sample is an argument.
/// </summary>
public sealed record BackoffPolicy
{
    /// <summary>10 s × 3^failures, capped at 24 h, ±10 % jitter (the operator's defaults).</summary>
    public static BackoffPolicy Default { get; } = new();

    /// <summary>The delay unit.</summary>
    public TimeSpan Base { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The growth per failure.</summary>
    public double Factor { get; init; } = 3;

    /// <summary>The longest delay.</summary>
    public TimeSpan Cap { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The jitter as a fraction of the delay (0.1 = ±10 %), in [0, 1).</summary>
    public double JitterFraction { get; init; } = 0.1;

    /// <summary>The delay after <paramref name="failures"/> consecutive failures: <c>min(Cap, Base × Factor^failures)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="failures"/> is negative.</exception>
    public TimeSpan Delay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        var seconds = Base.TotalSeconds * Math.Pow(Factor, failures);
        return double.IsFinite(seconds) && seconds < Cap.TotalSeconds ? TimeSpan.FromSeconds(seconds) : Cap;
    }

    /// <summary>
    /// <see cref="Delay"/> spread by jitter: <paramref name="sample"/> in [0, 1) maps to
    /// [delay × (1 − JitterFraction), delay × (1 + JitterFraction)), never above <see cref="Cap"/>.
    /// </summary>
    public TimeSpan JitteredDelay(int failures, double sample)
    {
        var delay = Delay(failures);
        var scale = 1 + (JitterFraction * ((2 * Math.Clamp(sample, 0, 1)) - 1));
        var jittered = TimeSpan.FromTicks((long)(delay.Ticks * scale));
        return jittered < Cap ? jittered : Cap;
    }
}
