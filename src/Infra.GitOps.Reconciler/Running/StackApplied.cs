using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>Every step succeeded.</summary>
/// <param name="Changes">What was done.</param>
/// <param name="Outputs">The stack's outputs (<c>resource.output</c> to value); secrets stay <see cref="SecretValue"/>.</param>
public sealed record StackApplied(ChangeCounts Changes, ImmutableSortedDictionary<string, PropertyValue> Outputs) : StackApplyResult
{
    /// <inheritdoc />
    public override ChangeCounts Changes { get; } = Changes;
}
