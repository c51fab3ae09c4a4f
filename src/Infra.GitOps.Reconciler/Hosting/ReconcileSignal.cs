using System.Threading.Channels;

namespace Infra.GitOps.Reconciler.Hosting;

/// <summary>
/// Wakes the reconcile loop before its interval ends (a webhook push, a request). Requests made while one is
/// pending coalesce into one pass. Thread-safe.
/// </summary>
public sealed class ReconcileSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long requests;

    /// <summary>How many times <see cref="Request"/> was called (coalesced or not).</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Asks for a pass as soon as possible.</summary>
    public void Request()
    {
        Interlocked.Increment(ref requests);
        channel.Writer.TryWrite(true);
    }

    /// <summary>
    /// Waits until a pass is requested or <paramref name="timeout"/> (measured by <paramref name="timeProvider"/>)
    /// passes. True when requested. Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (channel.Reader.TryRead(out _))
        {
            return true;
        }

        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, race.Token);
        var wake = channel.Reader.WaitToReadAsync(race.Token).AsTask();
        await Task.WhenAny(delay, wake).ConfigureAwait(false);
        await race.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return channel.Reader.TryRead(out _);
    }
}
