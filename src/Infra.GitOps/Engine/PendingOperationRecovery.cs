using System.Collections.Immutable;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine;

/// <summary>
/// Settles the pending operations a crash left in a snapshot, by asking the provider what exists (Pulumi asks
/// the user; we can, because providers tag resources with their URN): an interrupted create whose resource
/// exists is adopted (so it is not created twice) and dropped otherwise (so the next plan retries it); an
/// interrupted update records the actual outputs; an interrupted delete removes the resource when it is gone.
/// </summary>
internal static class PendingOperationRecovery
{
    public static async Task<StackSnapshot> SettleAsync(StackSnapshot snapshot, ProviderRegistry providers, CancellationToken cancellationToken)
    {
        if (snapshot.PendingOperations.IsDefaultOrEmpty)
        {
            return snapshot;
        }

        var resources = snapshot.Resources.ToList();
        var knownIds = resources.Where(r => r.Id is not null).Select(r => (r.Type, r.Id)).ToHashSet();
        foreach (var pending in snapshot.PendingOperations)
        {
            var resource = pending.Resource;
            var at = resources.FindIndex(r => r.Urn == resource.Urn && r.Delete == resource.Delete);
            if (!resource.Custom)
            {
                // Components have no real counterpart: a begun create or delete is taken as done.
                switch (pending.Type)
                {
                    case PendingOperationType.Creating when at < 0:
                        resources.Add(resource);
                        break;
                    case PendingOperationType.Deleting when at >= 0:
                        resources.RemoveAt(at);
                        break;
                }

                continue;
            }

            var provider = providers.Find(resource.Type.Package)
                ?? throw new GitOpsException($"cannot settle the interrupted {pending.Type} of '{resource.Urn}': no provider for package '{resource.Type.Package}'");

            switch (pending.Type)
            {
                case PendingOperationType.Creating:
                    {
                        var read = await provider.ReadAsync(new ReadRequest(resource.Urn, resource.Type, resource.Id, resource.Inputs, null), cancellationToken).ConfigureAwait(false);

                        // A find by URN may return a copy the state already knows (the old copy of a replacement).
                        if (read is ResourceFound found && !knownIds.Contains((resource.Type, found.Id)) && at < 0)
                        {
                            resources.Add(resource with { Id = found.Id, Outputs = found.Outputs });
                            knownIds.Add((resource.Type, found.Id));
                        }

                        break;
                    }

                case PendingOperationType.Updating:
                case PendingOperationType.Deleting:
                    {
                        if (at < 0 || resources[at].Id is not { } id)
                        {
                            break;
                        }

                        var read = await provider.ReadAsync(new ReadRequest(resource.Urn, resource.Type, id, resources[at].Inputs, resources[at].Outputs), cancellationToken).ConfigureAwait(false);
                        switch (read)
                        {
                            case ResourceFound found when pending.Type == PendingOperationType.Updating:
                                // Keep the recorded inputs: the next plan diffs against them and updates again if needed.
                                resources[at] = resources[at] with { Outputs = found.Outputs };
                                break;
                            case ResourceGone:
                                resources.RemoveAt(at);
                                break;
                        }

                        break;
                    }

                default:
                    // Reads and imports change nothing real.
                    break;
            }
        }

        return snapshot with
        {
            Resources = resources.ToImmutableArray(),
            PendingOperations = ImmutableArray<PendingOperation>.Empty,
        };
    }
}
