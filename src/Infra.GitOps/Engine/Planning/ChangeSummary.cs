using System.Collections.Immutable;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// How many logical steps of each operation a plan holds, counted as Pulumi does: a replacement counts once as
/// <see cref="StepOperation.Replace"/> (its create-replacement and delete-replaced are not counted).
/// </summary>
/// <param name="Counts">Count by operation; operations with no step are absent.</param>
public sealed record ChangeSummary(ImmutableSortedDictionary<StepOperation, int> Counts)
{
    /// <summary>No steps.</summary>
    public static ChangeSummary Empty { get; } = new(ImmutableSortedDictionary<StepOperation, int>.Empty);

    /// <summary>The count for an operation (0 when absent).</summary>
    public int this[StepOperation operation] => Counts.GetValueOrDefault(operation);

    /// <summary>True when any step changes something (anything but same).</summary>
    public bool HasChanges => Counts.Any(c => c.Key != StepOperation.Same && c.Value > 0);

    /// <summary>Counts the logical steps of <paramref name="steps"/>.</summary>
    public static ChangeSummary Of(IEnumerable<PlannedStep> steps)
    {
        var counts = new SortedDictionary<StepOperation, int>();
        foreach (var step in steps)
        {
            if (step.Operation is StepOperation.CreateReplacement || (step.Operation is StepOperation.DeleteReplaced && step.Goal is not null))
            {
                // Replacement parts: the Replace step counts for them. A DeleteReplaced without a goal is the
                // leftover copy of an interrupted replacement and counts as a delete of its own.
                continue;
            }

            var operation = step.Operation is StepOperation.DeleteReplaced ? StepOperation.Delete : step.Operation;
            counts[operation] = counts.GetValueOrDefault(operation) + 1;
        }

        return new ChangeSummary(counts.ToImmutableSortedDictionary());
    }

    /// <summary><c>create: 2, same: 5</c>.</summary>
    public override string ToString() =>
        string.Join(", ", Counts.Select(c => $"{c.Key.ToPulumiName()}: {c.Value}"));
}
