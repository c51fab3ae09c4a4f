using System.Collections.Immutable;
using Infra.GitOps.Reconciler.Audit;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler;

/// <summary>Times and records the steps of one run for the audit trail and the status's durations.</summary>
internal sealed class StepLog(string stack, TimeProvider timeProvider, ILogger logger)
{
    private readonly ImmutableArray<AuditStep>.Builder steps = ImmutableArray.CreateBuilder<AuditStep>();
    private readonly long started = timeProvider.GetTimestamp();

    /// <summary>The step running now (for naming a failure).</summary>
    public string Current { get; private set; } = "load";

    public ImmutableArray<AuditStep> Steps => steps.ToImmutable();

    public long TotalMs => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;

    public long ElapsedOf(string name) => steps.Where(s => s.Name == name).Sum(s => s.ElapsedMs);

    public void Add(string name, AuditStepOutcome outcome, string? detail, long elapsedMs = 0)
    {
        steps.Add(new AuditStep(name, outcome, detail, elapsedMs));
        Log.StepFinished(logger, name, stack, outcome.ToString(), elapsedMs);
    }

    /// <summary>Runs a step; a throwing step is recorded as failed (with the exception's message) and rethrows.</summary>
    public async Task<T> RunAsync<T>(string name, Func<Task<T>> body, Func<T, string?> describe)
    {
        Current = name;
        var start = timeProvider.GetTimestamp();
        T result;
        try
        {
            result = await body().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is GitOpsException or OperationCanceledException)
        {
            Add(name, AuditStepOutcome.Failed, exception.Message, Elapsed(start));
            throw;
        }

        Add(name, AuditStepOutcome.Succeeded, describe(result), Elapsed(start));
        return result;
    }

    private long Elapsed(long start) => (long)timeProvider.GetElapsedTime(start).TotalMilliseconds;
}
