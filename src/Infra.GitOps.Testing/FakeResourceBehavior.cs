using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Testing;

/// <summary>How a <see cref="FakeProvider"/> behaves for one resource type.</summary>
public sealed record FakeResourceBehavior
{
    /// <summary>Instant, no failures, everything updatable in place.</summary>
    public static FakeResourceBehavior Default { get; } = new();

    /// <summary>Time every call takes (on the provider's <see cref="TimeProvider"/>).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Failures to inject.</summary>
    public ImmutableArray<FakeFailure> Failures { get; init; } = ImmutableArray<FakeFailure>.Empty;

    /// <summary>Top-level input keys whose change forces a replacement.</summary>
    public ImmutableArray<string> ReplaceKeys { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Replacements delete the old resource first.</summary>
    public bool DeleteBeforeReplace { get; init; }

    /// <summary>Input keys copied to the outputs as secrets.</summary>
    public ImmutableArray<string> SecretOutputs { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Outputs computed at create (not in the inputs): <c>ipAddress</c> gives an IPv4 address derived from
    /// the id, <c>password</c> a secret, any other name <c>{name}-{id}</c>. <c>id</c> is always an output.</summary>
    public ImmutableArray<string> ComputedOutputs { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Inputs that must be present: Check reports each missing one.</summary>
    public ImmutableArray<string> RequiredInputs { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Defaults Check fills in.</summary>
    public ObjectValue Defaults { get; init; } = ObjectValue.Empty;

    /// <summary>Diff answers <see cref="Providers.DiffChanges.Unknown"/> (the engine diffs structurally).</summary>
    public bool DiffUnknown { get; init; }

    /// <summary>Awaited at the start of every create, update and delete, after the latency (to hold steps in flight).</summary>
    public Func<ProviderCall, CancellationToken, Task>? Interceptor { get; init; }
}
