namespace Infra.GitOps.Reconciler.Hosting;

/// <summary>What <c>/healthz</c> reports: whether the loop runs and when its last pass finished. Thread-safe.</summary>
public sealed class ReconcilerHealth
{
    private long lastPassTicks;
    private int running;

    /// <summary>True while the loop runs.</summary>
    public bool IsRunning => Volatile.Read(ref running) == 1;

    /// <summary>When the last pass finished, or null before the first.</summary>
    public DateTimeOffset? LastPassFinished
    {
        get
        {
            var ticks = Interlocked.Read(ref lastPassTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Marks the loop as running or stopped.</summary>
    public void SetRunning(bool value) => Volatile.Write(ref running, value ? 1 : 0);

    /// <summary>Records a finished pass.</summary>
    public void PassFinished(DateTimeOffset at) => Interlocked.Exchange(ref lastPassTicks, at.UtcTicks);
}
