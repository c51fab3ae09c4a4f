using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Engine.Execution;

/// <summary>How a plan is applied.</summary>
public sealed record ApplyOptions
{
    /// <summary>The defaults.</summary>
    public static ApplyOptions Default { get; } = new();

    /// <summary>
    /// The most steps running at once. Default: 4 × <see cref="Environment.ProcessorCount"/>, as Pulumi's
    /// <c>--parallel</c> (bounded since v3.100: unbounded parallelism blew memory up, pulumi/pulumi#14989).
    /// A step waiting for its journal record to reach the disk (before its provider call) does not count: it
    /// holds no provider connection, and letting other steps go on meanwhile is what lets many steps share one
    /// disk sync.
    /// </summary>
    public int Parallelism { get; init; } = 4 * Environment.ProcessorCount;

    /// <summary>Provider attempts per step for transient failures (<see cref="Providers.ProviderException.IsTransient"/>); at least 1.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry delay; doubled per attempt, with jitter (50–100 % of the delay).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After cancellation, how long in-flight provider calls may still run before their token is cancelled.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The timeout passed to providers in create, update and delete requests.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>When set, every create and update must match what this saved plan showed (Pulumi's
    /// <c>validateSteps</c>); a step that does not fails with <see cref="PlanConflictException"/>.</summary>
    public SavedPlan? Constraint { get; init; }

    /// <summary>Told about each step as it starts and ends (live progress); none when null.</summary>
    public IApplyObserver? Observer { get; init; }
}
