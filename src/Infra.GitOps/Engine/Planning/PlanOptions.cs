using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>Options of a plan (Pulumi's <c>--target</c> and <c>--replace</c>).</summary>
public sealed record PlanOptions
{
    /// <summary>Plan everything, force nothing.</summary>
    public static PlanOptions Default { get; } = new();

    /// <summary>When not empty, only these resources (and the resources they depend on) change; everything
    /// else stays as recorded (not created when new, not deleted when removed).</summary>
    public ImmutableArray<Urn> Targets { get; init; } = ImmutableArray<Urn>.Empty;

    /// <summary>Resources to replace even when their inputs did not change.</summary>
    public ImmutableArray<Urn> Replace { get; init; } = ImmutableArray<Urn>.Empty;
}
