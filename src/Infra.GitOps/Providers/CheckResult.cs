using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>Normalised inputs, and every failure found (empty when valid).</summary>
public sealed record CheckResult(ObjectValue Inputs, ImmutableArray<CheckFailure> Failures)
{
    /// <summary>A valid result.</summary>
    public static CheckResult Valid(ObjectValue inputs) => new(inputs, ImmutableArray<CheckFailure>.Empty);
}
