using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// One step of a <see cref="Plan"/>. Immutable. The executor runs it once every step in
/// <see cref="DependsOn"/> has finished; <see cref="NewInputs"/> is what preview shows (references to outputs of
/// resources that change in the same plan are <see cref="UnknownValue"/>s there) while the executor resolves
/// <see cref="Goal"/>'s inputs again from the actual outputs of the finished steps.
/// </summary>
public sealed record PlannedStep
{
    /// <summary>The step's position in <see cref="Plan.Steps"/>.</summary>
    public required int Index { get; init; }

    /// <summary>What the step does.</summary>
    public required StepOperation Operation { get; init; }

    /// <summary>The resource's URN.</summary>
    public required Urn Urn { get; init; }

    /// <summary>The resource's type.</summary>
    public required ResourceType Type { get; init; }

    /// <summary>True for a provider resource, false for a component (no provider call ever).</summary>
    public required bool Custom { get; init; }

    /// <summary>The recorded state the step starts from, or null for a create.</summary>
    public ResourceState? Old { get; init; }

    /// <summary>The desired resource, or null for deletes and for resources outside the plan's targets.</summary>
    public GraphResource? Goal { get; init; }

    /// <summary>The checked new inputs as preview knows them (unknowns where only apply will tell), or null for deletes.</summary>
    public ObjectValue? NewInputs { get; init; }

    /// <summary>For <see cref="StepOperation.Refresh"/>: the state read from the provider (null when the resource is gone).</summary>
    public ResourceState? NewState { get; init; }

    /// <summary>The changed properties (old → new, kind), secrets masked when printed.</summary>
    public ImmutableArray<PropertyChange> Diff { get; init; } = ImmutableArray<PropertyChange>.Empty;

    /// <summary>Top-level input keys that changed (Pulumi's <c>diffReasons</c>).</summary>
    public ImmutableArray<string> DiffReasons { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Input keys whose change forces the replacement (Pulumi's <c>replaceReasons</c>).</summary>
    public ImmutableArray<string> ReplaceReasons { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>True when the replacement deletes the old copy before creating the new one.</summary>
    public bool DeleteBeforeReplace { get; init; }

    /// <summary>True when the replacement was forced (<see cref="PlanOptions.Replace"/>).</summary>
    public bool ForcedReplace { get; init; }

    /// <summary>Indexes of the steps that must finish before this one starts.</summary>
    public ImmutableArray<int> DependsOn { get; init; } = ImmutableArray<int>.Empty;

    /// <summary><c>+ urn</c> with Pulumi's display prefix.</summary>
    public override string ToString() => $"{Operation.Prefix()} {Urn}";
}
