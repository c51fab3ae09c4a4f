using Infra.GitOps.Reconciler.Running;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>Reads better than five positional numbers.</summary>
public sealed class ChangeCountsBuilder
{
    public ChangeCounts Update(int count) => new(0, count, 0, 0, 0);
}
