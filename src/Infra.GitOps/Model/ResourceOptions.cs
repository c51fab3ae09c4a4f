using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>
/// The <c>options</c> of a document, as in Pulumi's resource options. <see cref="DependsOn"/> holds names of other
/// documents in the same stack; the graph turns them into dependency edges.
/// </summary>
public sealed record ResourceOptions
{
    /// <summary>No options set.</summary>
    public static ResourceOptions Default { get; } = new();

    /// <summary>Names of documents this one depends on beyond its references.</summary>
    public ImmutableArray<string> DependsOn { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Deleting or replacing the resource is an error.</summary>
    public bool Protect { get; init; }

    /// <summary>A delete only removes the resource from the state; the real resource stays.</summary>
    public bool RetainOnDelete { get; init; }

    /// <summary>Property paths whose changes are ignored (the old value is kept).</summary>
    public ImmutableArray<string> IgnoreChanges { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Property paths whose changes force a replacement.</summary>
    public ImmutableArray<string> ReplaceOnChanges { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>True: delete before creating the replacement; false: never; null: as the provider says.</summary>
    public bool? DeleteBeforeReplace { get; init; }

    /// <inheritdoc />
    public bool Equals(ResourceOptions? other) =>
        other is not null
        && DependsOn.SequenceEqual(other.DependsOn)
        && Protect == other.Protect
        && RetainOnDelete == other.RetainOnDelete
        && IgnoreChanges.SequenceEqual(other.IgnoreChanges)
        && ReplaceOnChanges.SequenceEqual(other.ReplaceOnChanges)
        && DeleteBeforeReplace == other.DeleteBeforeReplace;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Protect, RetainOnDelete, DeleteBeforeReplace, DependsOn.Length, IgnoreChanges.Length, ReplaceOnChanges.Length);
}
