using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// A stand-in provider for credential-free planning: Check accepts the inputs as they are and Diff answers
/// "unknown", so the engine diffs recorded and desired inputs structurally. It never connects anywhere, and
/// every mutating or reading call throws: planning never makes them. Replacements that only the real provider
/// would decide (not <c>replaceOnChanges</c>) show as updates.
/// </summary>
internal sealed class OfflinePlanningProvider(string package) : IResourceProvider
{
    public string Package { get; } = package;

    public Task ConfigureAsync(ProviderConfiguration configuration, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(CheckResult.Valid(request.NewInputs));

    public Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(DiffResult.Unknown);

    public Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken) => throw Refused("create", request.Urn);

    public Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) => throw Refused("read", request.Urn);

    public Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken) => throw Refused("update", request.Urn);

    public Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) => throw Refused("delete", request.Urn);

    private ProviderException Refused(string operation, Urn urn) =>
        new(new ProviderName(Package), urn, operation, isTransient: false, $"a pull-request preview never calls '{operation}' on a provider");
}
