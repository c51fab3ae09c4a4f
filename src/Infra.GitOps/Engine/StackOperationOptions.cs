using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Engine;

/// <summary>Options of <see cref="StackOperations"/>' operations.</summary>
public sealed record StackOperationOptions
{
    /// <summary>The defaults: plan everything, apply with the default parallelism and retries.</summary>
    public static StackOperationOptions Default { get; } = new();

    /// <summary>Targets and forced replacements.</summary>
    public PlanOptions Plan { get; init; } = PlanOptions.Default;

    /// <summary>Parallelism, retries, cancellation grace.</summary>
    public ApplyOptions Apply { get; init; } = ApplyOptions.Default;

    /// <summary>For <see cref="StackOperations.UpAsync"/>: the reviewed plan; anything it does not allow is refused
    /// with <see cref="PlanConflictException"/>, before or during apply.</summary>
    public SavedPlan? SavedPlan { get; init; }
}
