namespace Infra.GitOps.Reconciler.Running;

/// <summary>
/// Runs the engine's operations for one stack: the seam between the reconciler and the engine's
/// <c>StackOperations</c>. The reconciler holds the stack's lock around every call; implementations must not
/// take it again. Operational failures throw (a <see cref="Providers.ProviderException"/> with
/// <see cref="Providers.ProviderException.IsTransient"/>, a <see cref="PlanConflictException"/>); the reconciler turns them
/// into outcomes.
/// </summary>
public interface IStackRunner
{
    /// <summary>Reads every resource of the stack from its provider and records what changed. Returns how many resources changed.</summary>
    Task<int> RefreshAsync(StackRun run, CancellationToken cancellationToken);

    /// <summary>Plans the stack against its state; changes nothing.</summary>
    Task<StackPreview> PreviewAsync(StackRun run, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="preview"/>'s plan; a step outside it is refused.</summary>
    Task<StackApplyResult> UpAsync(StackRun run, StackPreview preview, CancellationToken cancellationToken);
}
