using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>One step of a stack's plan, as the preview shows it.</summary>
/// <param name="Operation">What the step does.</param>
/// <param name="Urn">The resource's URN.</param>
/// <param name="Protected">True when the resource has <c>protect</c> set (deleting or replacing it will fail).</param>
/// <param name="Changes">The property changes, by path (ordinal); empty for create and delete.</param>
/// <param name="Dependencies">URNs the resource depends on (for the diagram).</param>
public sealed record PreviewStep(
    StepOperation Operation,
    Urn Urn,
    bool Protected,
    ImmutableArray<PropertyChange> Changes,
    ImmutableArray<Urn> Dependencies)
{
    /// <summary>The resource's name (last part of the URN).</summary>
    public string Name => Urn.Name;

    /// <summary>The resource's own type token.</summary>
    public ResourceType Type => Urn.Type;

    /// <summary>True when the resource holds data or runs workloads (a VM, a disk, a bucket, or a part of one).</summary>
    public bool IsStateful => StatefulResourceKinds.IsStateful(Urn);

    /// <summary>True for create, update, replace and delete.</summary>
    public bool IsChange => Operation is StepOperation.Create or StepOperation.Update or StepOperation.Replace or StepOperation.Delete;

    /// <summary>True for a delete or replace of a protected or stateful resource: the comment warns loudly.</summary>
    public bool IsDangerous => Operation is StepOperation.Delete or StepOperation.Replace && (Protected || IsStateful);
}
