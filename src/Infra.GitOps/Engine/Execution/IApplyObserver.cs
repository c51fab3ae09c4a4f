using Infra.GitOps.Engine.Planning;

namespace Infra.GitOps.Engine.Execution;

/// <summary>
/// Told about each step of an apply as it starts and as it ends (live progress). Calls come from the threads that
/// run the steps, concurrently for parallel steps, and the apply waits for them: an observer must be thread-safe
/// and quick, and must not throw (what it throws is ignored). For one step, <see cref="StepStarted"/> always
/// comes before its <see cref="StepFinished"/>; a step skipped because a dependency failed or because the
/// operation was cancelled is only finished, never started.
/// </summary>
public interface IApplyObserver
{
    /// <summary>The step is starting (its dependencies have all succeeded).</summary>
    void StepStarted(PlannedStep step);

    /// <summary>The step ended with <paramref name="result"/>, <paramref name="elapsed"/> after it started (zero for a skipped step).</summary>
    void StepFinished(StepResult result, TimeSpan elapsed);
}
