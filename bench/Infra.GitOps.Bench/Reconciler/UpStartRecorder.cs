using System.Threading.Channels;
using Infra.GitOps.Reconciler.Running;

namespace Infra.GitOps.Bench.Reconciler;

/// <summary>Passes every call to the engine's runner and reports, for each <c>up</c>, its commit and the moment it started.</summary>
internal sealed class UpStartRecorder(IStackRunner inner) : IStackRunner
{
    private readonly Channel<(string? Revision, long Timestamp)> starts = Channel.CreateUnbounded<(string?, long)>();

    public Task<int> RefreshAsync(StackRun run, CancellationToken cancellationToken) => inner.RefreshAsync(run, cancellationToken);

    public Task<StackPreview> PreviewAsync(StackRun run, CancellationToken cancellationToken) => inner.PreviewAsync(run, cancellationToken);

    public Task<StackApplyResult> UpAsync(StackRun run, StackPreview preview, CancellationToken cancellationToken)
    {
        starts.Writer.TryWrite((run.Repository.Revision, TimeProvider.System.GetTimestamp()));
        return inner.UpAsync(run, preview, cancellationToken);
    }

    /// <summary>Waits for the <c>up</c> of <paramref name="revision"/> to start and returns when it did (a <see cref="TimeProvider"/> timestamp).</summary>
    public async Task<long> WaitForUpAsync(string revision, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (started, timestamp) = await starts.Reader.ReadAsync(cancellationToken);
            if (started == revision)
            {
                return timestamp;
            }
        }
    }
}
