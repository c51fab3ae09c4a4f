using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Providers.Libvirt.Resources;

/// <summary>
/// Builds a <see cref="DiffResult"/> from old and new inputs, property by property: a change to a property in
/// the replace set forces a replacement. Properties named in <c>ignoreChanges</c> keep their old value.
/// Replacements delete the old object first when the libvirt name stays the same (two objects cannot share
/// a name), as Pulumi providers do for fixed physical names.
/// </summary>
internal static class PropertyDiffer
{
    /// <summary>Diffs top-level properties; <paramref name="forcesReplace"/> says whether a changed
    /// property (given old and new value) can only be applied by replacing the object.</summary>
    public static DiffResult Diff(
        ObjectValue oldInputs,
        ObjectValue newInputs,
        ImmutableArray<string> ignoreChanges,
        Func<string, PropertyValue?, PropertyValue?, bool> forcesReplace,
        Func<string, PropertyValue?, PropertyValue?, bool>? equivalent = null)
    {
        var detailed = ImmutableSortedDictionary.CreateBuilder<string, PropertyDiffKind>(StringComparer.Ordinal);
        var replaceKeys = ImmutableArray.CreateBuilder<string>();
        var ignored = ignoreChanges.IsDefault ? ImmutableHashSet<string>.Empty : ignoreChanges.ToImmutableHashSet(StringComparer.Ordinal);
        var keys = oldInputs.Properties.Keys.Union(newInputs.Properties.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (ignored.Contains(key))
            {
                continue;
            }

            var before = InputReader.Unwrap(oldInputs[key]);
            var after = InputReader.Unwrap(newInputs[key]);
            if (Equals(before, after) || (equivalent?.Invoke(key, before, after) ?? false))
            {
                continue;
            }

            var replace = forcesReplace(key, before, after);
            if (replace)
            {
                replaceKeys.Add(key);
            }

            detailed[key] = (before, after, replace) switch
            {
                (null or NullValue, _, false) => PropertyDiffKind.Add,
                (null or NullValue, _, true) => PropertyDiffKind.AddReplace,
                (_, null or NullValue, false) => PropertyDiffKind.Delete,
                (_, null or NullValue, true) => PropertyDiffKind.DeleteReplace,
                (_, _, false) => PropertyDiffKind.Update,
                (_, _, true) => PropertyDiffKind.UpdateReplace,
            };
        }

        if (detailed.Count == 0)
        {
            return DiffResult.NoChanges;
        }

        var sameName = Equals(InputReader.Unwrap(oldInputs["name"]), InputReader.Unwrap(newInputs["name"]));
        return new DiffResult(
            DiffChanges.Some,
            replaceKeys.ToImmutable(),
            ImmutableArray<string>.Empty,
            DeleteBeforeReplace: replaceKeys.Count > 0 && sameName,
            detailed.ToImmutable());
    }
}
