using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// Keeps recorded secrets where the desired graph holds <see cref="SecretValue.Placeholder"/>: a graph built in
/// placeholder mode (a pull-request preview on a machine without the secret) must not plan an update only
/// because this machine cannot read a secret the state already holds.
/// </summary>
internal static class SecretPlaceholders
{
    /// <summary>
    /// <paramref name="resolved"/> (the goal's inputs with references resolved) with every placeholder of
    /// <paramref name="goal"/> replaced by the secret <paramref name="recorded"/> holds at the same path. A path
    /// where the state holds no secret keeps the placeholder: the value changes (at least in secret-ness).
    /// </summary>
    public static ObjectValue KeepRecorded(ObjectValue goal, ObjectValue resolved, ObjectValue recorded) =>
        (ObjectValue)Keep(goal, resolved, recorded);

    private static PropertyValue Keep(PropertyValue goal, PropertyValue resolved, PropertyValue? recorded)
    {
        switch (goal, resolved, recorded)
        {
            case (SecretValue { Value: UnknownValue }, _, SecretValue):
                return recorded;
            case (ObjectValue g, ObjectValue r, ObjectValue old):
                {
                    ImmutableSortedDictionary<string, PropertyValue>.Builder? builder = null;
                    foreach (var (key, value) in r.Properties)
                    {
                        if (g.Properties.TryGetValue(key, out var goalValue))
                        {
                            var kept = Keep(goalValue, value, old[key]);
                            if (!ReferenceEquals(kept, value))
                            {
                                builder ??= r.Properties.ToBuilder();
                                builder[key] = kept;
                            }
                        }
                    }

                    return builder is null ? r : new ObjectValue(builder.ToImmutable());
                }

            case (ArrayValue g, ArrayValue r, ArrayValue old) when g.Items.Length == r.Items.Length:
                {
                    ImmutableArray<PropertyValue>.Builder? builder = null;
                    for (var i = 0; i < r.Items.Length; i++)
                    {
                        var kept = Keep(g.Items[i], r.Items[i], i < old.Items.Length ? old.Items[i] : null);
                        if (builder is null && !ReferenceEquals(kept, r.Items[i]))
                        {
                            builder = ImmutableArray.CreateBuilder<PropertyValue>(r.Items.Length);
                            builder.AddRange(r.Items, i);
                        }

                        builder?.Add(kept);
                    }

                    return builder is null ? r : new ArrayValue(builder.MoveToImmutable());
                }

            default:
                return resolved;
        }
    }
}
