using Infra.GitOps.State;

namespace Infra.GitOps.Tests.State;

/// <summary>
/// Structural views of state for assertions: <see cref="ResourceState"/>'s record equality compares its
/// ImmutableArray and dictionary members by reference, so round-trip tests compare these views instead.
/// </summary>
internal static class StateShape
{
    public static IEnumerable<object> Of(IEnumerable<ResourceState> resources) => resources.Select(Of);

    public static IEnumerable<object> Of(IEnumerable<PendingOperation> operations) =>
        operations.Select(o => (object)new { o.Type, Resource = Of(o.Resource) });

    public static object Of(ResourceState r) => new
    {
        r.Urn,
        r.Custom,
        r.Type,
        r.Id,
        r.Inputs,
        r.Outputs,
        r.Parent,
        r.Provider,
        Dependencies = string.Join(",", r.Dependencies),
        PropertyDependencies = string.Join(";", r.PropertyDependencies.Select(p => p.Key + "=" + string.Join(",", p.Value))),
        r.Protect,
        r.RetainOnDelete,
        r.Delete,
        r.PendingReplacement,
        IgnoreChanges = string.Join(",", r.IgnoreChanges),
        ReplaceOnChanges = string.Join(",", r.ReplaceOnChanges),
        r.Created,
        r.Modified,
    };
}
