using System.Collections.Concurrent;
using System.Diagnostics;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Bench.Engine;

/// <summary>
/// Wraps a provider and records how long each create actually took, from the call until its result was
/// available to the caller: the work a scheduler cannot shrink (the fake's nominal latency plus timer
/// granularity and the wake-up of its continuation).
/// </summary>
internal sealed class TimedProvider(IResourceProvider inner) : IResourceProvider
{
    public ConcurrentDictionary<Urn, TimeSpan> CreateDurations { get; } = new();

    public string Package => inner.Package;

    public Task ConfigureAsync(ProviderConfiguration configuration, CancellationToken cancellationToken) => inner.ConfigureAsync(configuration, cancellationToken);

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken) => inner.CheckAsync(request, cancellationToken);

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken) => inner.DiffAsync(request, cancellationToken);

    public async Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        CreateDurations[request.Urn] = Stopwatch.GetElapsedTime(started);
        return result;
    }

    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) => inner.ReadAsync(request, cancellationToken);

    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken) => inner.UpdateAsync(request, cancellationToken);

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) => inner.DeleteAsync(request, cancellationToken);
}
