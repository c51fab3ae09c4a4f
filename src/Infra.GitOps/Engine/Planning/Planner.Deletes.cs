using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>Deletes: removed resources, replaced copies, and the order between them.</summary>
public sealed partial class Planner
{
    private static void PlanDeletes(PlanContext context, List<PlannedStep> steps, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var cbd = context.PendingDeleteReplaced.ToDictionary(p => p.Urn);
        var deletes = new List<(int Index, ResourceState Old, int? ReplaceStep)>();

        // Reverse topological order of the recorded state: dependents' deletes come first in the list.
        for (var i = context.State.Resources.Length - 1; i >= 0; i--)
        {
            var old = context.State.Resources[i];
            if (old.Delete)
            {
                if (!context.IsTargeted(old.Urn))
                {
                    continue;
                }

                var index = Add(steps, new PlannedStep
                {
                    Index = 0,
                    Operation = StepOperation.DeleteReplaced,
                    Urn = old.Urn,
                    Type = old.Type,
                    Custom = old.Custom,
                    Old = old,
                });
                context.DeleteStepOf[(old.Urn, true)] = index;
                deletes.Add((index, old, null));
            }
            else if (cbd.TryGetValue(old.Urn, out var replacement))
            {
                var index = Add(steps, replacement.Template with { Operation = StepOperation.DeleteReplaced, DependsOn = ImmutableArray<int>.Empty });
                context.DeleteStepOf[(old.Urn, false)] = index;
                deletes.Add((index, old, replacement.ReplaceStep));
            }
            else if (!context.Desired.ContainsKey(old.Urn) && context.IsTargeted(old.Urn))
            {
                if (old.Protect)
                {
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticMessages.ProtectedDeleteCode,
                        DiagnosticMessages.Format(DiagnosticMessages.ProtectedDelete, old.Urn),
                        context.StackLocation));
                }

                var index = Add(steps, new PlannedStep
                {
                    Index = 0,
                    Operation = StepOperation.Delete,
                    Urn = old.Urn,
                    Type = old.Type,
                    Custom = old.Custom,
                    Old = old,
                });
                context.DeleteStepOf[(old.Urn, false)] = index;
                deletes.Add((index, old, null));
            }
        }

        // Old dependents of each recorded resource (dependencies and parent edges).
        var dependents = new Dictionary<Urn, List<ResourceState>>();
        foreach (var old in context.State.Resources)
        {
            foreach (var dependency in old.Dependencies.Append(old.Parent ?? default).Where(d => d.Value is not null).Distinct())
            {
                if (!dependents.TryGetValue(dependency, out var list))
                {
                    dependents[dependency] = list = [];
                }

                list.Add(old);
            }
        }

        // Delete-before-replace deletes (added with their resource) wait for the deletes of their old dependents.
        foreach (var ((urn, leftover), index) in context.DeleteStepOf.ToList())
        {
            var step = steps[index];
            var after = new SortedSet<int>(step.DependsOn);
            if (step.Operation == StepOperation.DeleteReplaced && step.DeleteBeforeReplace && !leftover)
            {
                foreach (var dependent in dependents.GetValueOrDefault(urn) ?? [])
                {
                    if (context.DeleteStepOf.TryGetValue((dependent.Urn, dependent.Delete), out var other)
                        && (steps[other].Operation == StepOperation.Delete || steps[other].DeleteBeforeReplace || dependent.Delete))
                    {
                        after.Add(other);
                    }
                }

                steps[index] = step with { DependsOn = after.Where(a => a != index).ToImmutableArray() };
            }
        }

        foreach (var (index, old, replaceStep) in deletes)
        {
            var after = new SortedSet<int>();
            if (replaceStep is { } replace)
            {
                after.Add(replace);
            }

            // The new copy (if any) exists before an old copy goes.
            if (context.Producer.TryGetValue(old.Urn, out var producer))
            {
                after.Add(producer);
            }

            foreach (var dependent in dependents.GetValueOrDefault(old.Urn) ?? [])
            {
                // Old dependents go first; surviving dependents must stop pointing at it first.
                if (context.DeleteStepOf.TryGetValue((dependent.Urn, dependent.Delete), out var other))
                {
                    after.Add(other);
                }

                if (!dependent.Delete && context.Producer.TryGetValue(dependent.Urn, out var dependentProducer))
                {
                    after.Add(dependentProducer);
                }
            }

            after.Remove(index);
            steps[index] = steps[index] with { DependsOn = after.ToImmutableArray() };
        }
    }
}
