using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>The working set of one <see cref="Planner.PlanAsync"/> call. Not thread-safe (one per call).</summary>
internal sealed class PlanContext
{
    private readonly HashSet<Urn>? targeted;

    public PlanContext(ResourceGraph desired, StackSnapshot state, PlanOptions options)
    {
        Graph = desired;
        State = state;
        Options = options;
        Desired = new Dictionary<Urn, GraphResource>(desired.Resources.Length);
        foreach (var resource in desired.Resources)
        {
            Desired[resource.Urn] = resource;
        }

        Live = new Dictionary<Urn, ResourceState>(state.Resources.Length);
        foreach (var resource in state.Resources)
        {
            if (!resource.Delete)
            {
                Live[resource.Urn] = resource;
            }
        }

        ForcedReplace = options.Replace.ToHashSet();
        StackLocation = desired.Resources.IsEmpty ? SourceLocation.OfFile("Pulumi.yaml") : desired.Resources[0].Location;
        if (!options.Targets.IsDefaultOrEmpty)
        {
            targeted = [];
            var stack = new Stack<Urn>(options.Targets);
            while (stack.TryPop(out var urn))
            {
                if (!targeted.Add(urn) || !Desired.TryGetValue(urn, out var resource))
                {
                    continue;
                }

                foreach (var dependency in resource.Dependencies)
                {
                    stack.Push(dependency);
                }

                if (resource.Parent is { } parent)
                {
                    stack.Push(parent);
                }
            }
        }
    }

    public ResourceGraph Graph { get; }

    public StackSnapshot State { get; }

    public PlanOptions Options { get; }

    public Dictionary<Urn, GraphResource> Desired { get; }

    /// <summary>The recorded live copies (not the <c>delete:true</c> leftovers) by URN.</summary>
    public Dictionary<Urn, ResourceState> Live { get; }

    public HashSet<Urn> ForcedReplace { get; }

    public SourceLocation StackLocation { get; }

    /// <summary>The step that produces each desired resource's new version (same, create, update, create-replacement).</summary>
    public Dictionary<Urn, int> Producer { get; } = [];

    /// <summary>Desired resources whose outputs change in this plan (unknown to dependents at plan time).</summary>
    public HashSet<Urn> Changing { get; } = [];

    /// <summary>Delete-before-replace deletes already added, by URN.</summary>
    public Dictionary<(Urn Urn, bool Leftover), int> DeleteStepOf { get; } = [];

    /// <summary>Create-before-delete replacements whose delete-replaced goes with the deletes.</summary>
    public List<(Urn Urn, int ReplaceStep, PlannedStep Template)> PendingDeleteReplaced { get; } = [];

    public bool IsTargeted(Urn urn) => targeted is null || targeted.Contains(urn);

    /// <summary>A resource's outputs as preview knows them: null (unknown) when it changes in this plan.</summary>
    public ObjectValue? PlannedOutputsOf(Urn urn) =>
        !Changing.Contains(urn) && Live.TryGetValue(urn, out var state) ? ReferenceResolver.Referable(state) : null;

    /// <summary>The steps producing the new versions of <paramref name="goal"/>'s dependencies and parent.</summary>
    public ImmutableArray<int> ProducersOf(GraphResource goal)
    {
        var builder = ImmutableArray.CreateBuilder<int>(goal.Dependencies.Length + 1);
        foreach (var dependency in goal.Dependencies)
        {
            if (Producer.TryGetValue(dependency, out var index) && !builder.Contains(index))
            {
                builder.Add(index);
            }
        }

        if (goal.Parent is { } parent && Producer.TryGetValue(parent, out var parentIndex) && !builder.Contains(parentIndex))
        {
            builder.Add(parentIndex);
        }

        return builder.ToImmutable();
    }
}
