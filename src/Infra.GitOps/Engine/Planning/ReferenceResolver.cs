using System.Collections.Immutable;
using System.Text;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// Replaces <see cref="ReferenceValue"/>s and <see cref="InterpolationValue"/>s by the outputs they point at.
/// Secret-ness is kept: a reference to a secret output is a secret; an interpolation with a secret part is one.
/// </summary>
internal static class ReferenceResolver
{
    /// <summary>
    /// What <c>${name.output}</c> can read of a resource: its outputs, plus <c>id</c> and <c>urn</c> as in Pulumi,
    /// where every resource exposes them (a provider's own <c>id</c> output wins).
    /// </summary>
    public static ObjectValue Referable(State.ResourceState resource)
    {
        var outputs = resource.Outputs;
        if (resource.Id is { } id && outputs["id"] is null)
        {
            outputs = outputs.With("id", new StringValue(id));
        }

        return outputs["urn"] is null ? outputs.With("urn", new StringValue(resource.Urn.Value)) : outputs;
    }

    /// <summary>
    /// Resolves <paramref name="value"/>. <paramref name="outputsOf"/> gives a resource's outputs, or null when they
    /// are not known yet (the reference becomes <see cref="UnknownValue"/>). A missing output becomes unknown too,
    /// unless <paramref name="missingOutputs"/> is given: then it is added there and resolves to null.
    /// </summary>
    public static PropertyValue Resolve(PropertyValue value, Func<Urn, ObjectValue?> outputsOf, List<string>? missingOutputs = null)
    {
        switch (value)
        {
            case ReferenceValue reference:
                {
                    var outputs = outputsOf(reference.Resource);
                    if (outputs is null)
                    {
                        return UnknownValue.Instance;
                    }

                    var found = PropertyPath.Get(outputs, reference.Output);
                    if (found is not null)
                    {
                        return found;
                    }

                    if (missingOutputs is null)
                    {
                        return UnknownValue.Instance;
                    }

                    missingOutputs.Add($"{reference.Resource.Name}.{reference.Output}");
                    return NullValue.Instance;
                }

            case InterpolationValue interpolation:
                {
                    var text = new StringBuilder();
                    var secret = false;
                    foreach (var part in interpolation.Parts)
                    {
                        var resolved = Resolve(part, outputsOf, missingOutputs);
                        if (!resolved.IsKnown)
                        {
                            return UnknownValue.Instance;
                        }

                        while (resolved is SecretValue s)
                        {
                            secret = true;
                            resolved = s.Value;
                        }

                        text.Append(resolved is NullValue ? string.Empty : resolved.ToString());
                    }

                    var result = new StringValue(text.ToString());
                    return secret ? new SecretValue(result) : result;
                }

            case ObjectValue obj:
                return Resolve(obj, outputsOf, missingOutputs);

            case ArrayValue array:
                {
                    ImmutableArray<PropertyValue>.Builder? changed = null;
                    for (var i = 0; i < array.Items.Length; i++)
                    {
                        var item = array.Items[i];
                        var resolved = NeedsResolving(item) ? Resolve(item, outputsOf, missingOutputs) : item;
                        if (!ReferenceEquals(resolved, item) && changed is null)
                        {
                            changed = array.Items.ToBuilder();
                        }

                        if (changed is not null)
                        {
                            changed[i] = resolved;
                        }
                    }

                    return changed is null ? array : new ArrayValue(changed.ToImmutable());
                }

            case SecretValue secretValue:
                {
                    var inner = Resolve(secretValue.Value, outputsOf, missingOutputs);
                    return ReferenceEquals(inner, secretValue.Value) ? secretValue : new SecretValue(inner is SecretValue s ? s.Value : inner);
                }

            default:
                return value;
        }
    }

    /// <summary>Resolves every property of an object.</summary>
    public static ObjectValue Resolve(ObjectValue value, Func<Urn, ObjectValue?> outputsOf, List<string>? missingOutputs = null)
    {
        ImmutableSortedDictionary<string, PropertyValue>.Builder? changed = null;
        foreach (var (key, item) in value.Properties)
        {
            if (!NeedsResolving(item))
            {
                continue;
            }

            var resolved = Resolve(item, outputsOf, missingOutputs);
            changed ??= value.Properties.ToBuilder();
            changed[key] = resolved;
        }

        return changed is null ? value : new ObjectValue(changed.ToImmutable());
    }

    /// <summary>True when the value holds a reference or an interpolation anywhere.</summary>
    public static bool NeedsResolving(PropertyValue value)
    {
        // Loops, not LINQ: called on every value of every resource, in planning and again in applying.
        switch (value)
        {
            case ReferenceValue or InterpolationValue:
                return true;
            case ObjectValue o:
                foreach (var property in o.Properties)
                {
                    if (NeedsResolving(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case ArrayValue a:
                foreach (var item in a.Items)
                {
                    if (NeedsResolving(item))
                    {
                        return true;
                    }
                }

                return false;
            case SecretValue s:
                return NeedsResolving(s.Value);
            default:
                return false;
        }
    }
}
