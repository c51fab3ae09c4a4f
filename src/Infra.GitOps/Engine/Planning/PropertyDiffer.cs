using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Engine.Planning;

/// <summary>The engine's structural diff of two property maps (used when a provider answers
/// <see cref="DiffChanges.Unknown"/>, and for display).</summary>
internal static class PropertyDiffer
{
    /// <summary>Every changed leaf path, in path order.</summary>
    public static ImmutableArray<PropertyChange> Diff(ObjectValue old, ObjectValue @new)
    {
        var changes = ImmutableArray.CreateBuilder<PropertyChange>();
        DiffObjects(string.Empty, old, @new, changes);
        return changes.ToImmutable();
    }

    private static void DiffObjects(string path, ObjectValue old, ObjectValue @new, ImmutableArray<PropertyChange>.Builder changes)
    {
        if (!ReferenceEquals(old.Properties.KeyComparer, StringComparer.Ordinal) || !ReferenceEquals(@new.Properties.KeyComparer, StringComparer.Ordinal))
        {
            foreach (var key in old.Properties.Keys.Union(@new.Properties.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                DiffValues(PropertyPath.Child(path, key), old[key], @new[key], changes);
            }

            return;
        }

        // Both sides are in ordinal key order: walk them side by side (no set of keys, no sort, one lookup per key).
        using var left = old.Properties.GetEnumerator();
        using var right = @new.Properties.GetEnumerator();
        var hasLeft = left.MoveNext();
        var hasRight = right.MoveNext();
        while (hasLeft || hasRight)
        {
            var order = !hasLeft ? 1 : !hasRight ? -1 : string.CompareOrdinal(left.Current.Key, right.Current.Key);
            if (order < 0)
            {
                DiffValues(PropertyPath.Child(path, left.Current.Key), left.Current.Value, null, changes);
                hasLeft = left.MoveNext();
            }
            else if (order > 0)
            {
                DiffValues(PropertyPath.Child(path, right.Current.Key), null, right.Current.Value, changes);
                hasRight = right.MoveNext();
            }
            else
            {
                DiffValues(PropertyPath.Child(path, left.Current.Key), left.Current.Value, right.Current.Value, changes);
                hasLeft = left.MoveNext();
                hasRight = right.MoveNext();
            }
        }
    }

    private static void DiffValues(string path, PropertyValue? old, PropertyValue? @new, ImmutableArray<PropertyChange>.Builder changes)
    {
        switch (old, @new)
        {
            case (null, null):
                return;
            case (null, _):
                changes.Add(new PropertyChange(path, PropertyDiffKind.Add, null, @new));
                return;
            case (_, null):
                changes.Add(new PropertyChange(path, PropertyDiffKind.Delete, old, null));
                return;
            case (ObjectValue o, ObjectValue n):
                DiffObjects(path, o, n, changes);
                return;
            case (ArrayValue o, ArrayValue n) when o.Items.Length == n.Items.Length:
                for (var i = 0; i < o.Items.Length; i++)
                {
                    DiffValues(PropertyPath.Index(path, i), o.Items[i], n.Items[i], changes);
                }

                return;
            default:
                if (!old.Equals(@new))
                {
                    changes.Add(new PropertyChange(path, PropertyDiffKind.Update, old, @new));
                }

                return;
        }
    }
}
