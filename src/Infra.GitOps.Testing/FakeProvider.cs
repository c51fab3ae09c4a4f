using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;

namespace Infra.GitOps.Testing;

/// <summary>
/// An <see cref="IResourceProvider"/> for tests, after Pulumi's <c>deploytest</c> provider and .NET
/// <c>IMocks</c>: resources live in a <see cref="FakeCloud"/> (in memory or in a directory another process can
/// see), behaviour is configured per type (<see cref="FakeResourceBehavior"/>: latency, failures on the Nth
/// call, replace keys, delete-before-replace, secret and computed outputs), and every call is recorded in
/// <see cref="Calls"/>. Outputs are the inputs plus <c>id</c>, the computed outputs and the secret outputs.
/// Thread-safe.
/// </summary>
public sealed class FakeProvider : IResourceProvider
{
    private readonly ConcurrentDictionary<string, FakeResourceBehavior> behaviors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Type, FakeOperation Operation), int> counters = new();
    private readonly ConcurrentQueue<ProviderCall> calls = new();
    private readonly TimeProvider timeProvider;

    /// <summary>A provider for <paramref name="package"/> over <paramref name="cloud"/>; latency and call times use
    /// <paramref name="timeProvider"/> (the system clock when null).</summary>
    public FakeProvider(string package, FakeCloud? cloud = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        Package = package;
        Cloud = cloud ?? FakeCloud.InMemory();
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Package { get; }

    /// <summary>Where the resources live.</summary>
    public FakeCloud Cloud { get; }

    /// <summary>Behaviour for types with none of their own.</summary>
    public FakeResourceBehavior DefaultBehavior { get; set; } = FakeResourceBehavior.Default;

    /// <summary>The configuration received, or null before <see cref="ConfigureAsync"/>.</summary>
    public ProviderConfiguration? Configuration { get; private set; }

    /// <summary>The calls received so far, in arrival order.</summary>
    public IReadOnlyList<ProviderCall> Calls => calls.ToArray();

    /// <summary>The calls of one operation.</summary>
    public IReadOnlyList<ProviderCall> CallsOf(FakeOperation operation) => calls.Where(c => c.Operation == operation).ToArray();

    /// <summary>Sets the behaviour of a type; returns this provider.</summary>
    public FakeProvider Configure(string type, FakeResourceBehavior behavior)
    {
        behaviors[type] = behavior;
        return this;
    }

    /// <summary>Forgets the recorded calls (not the failure counters).</summary>
    public void ClearCalls() => calls.Clear();

    /// <summary>The behaviour for a type.</summary>
    public FakeResourceBehavior BehaviorOf(ResourceType type) => behaviors.GetValueOrDefault(type.Token, DefaultBehavior);

    /// <inheritdoc />
    public Task ConfigureAsync(ProviderConfiguration configuration, CancellationToken cancellationToken)
    {
        Configuration = configuration;
        calls.Enqueue(new ProviderCall(FakeOperation.Configure, default, null, configuration.Settings, timeProvider.GetUtcNow()));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var behavior = await EnterAsync(FakeOperation.Check, request.Urn, request.Type, null, request.NewInputs, cancellationToken).ConfigureAwait(false);
        var inputs = request.NewInputs;
        foreach (var (key, value) in behavior.Defaults.Properties)
        {
            if (inputs[key] is null)
            {
                inputs = inputs.With(key, value);
            }
        }

        var failures = behavior.RequiredInputs
            .Where(k => inputs[k] is null or NullValue)
            .Select(k => new CheckFailure(k, $"'{k}' is required"))
            .ToImmutableArray();
        return new CheckResult(inputs, failures);
    }

    /// <inheritdoc />
    public async Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken)
    {
        var behavior = await EnterAsync(FakeOperation.Diff, request.Urn, request.Type, request.Id, request.NewInputs, cancellationToken).ConfigureAwait(false);
        if (behavior.DiffUnknown)
        {
            return DiffResult.Unknown;
        }

        var detailed = ImmutableSortedDictionary.CreateBuilder<string, PropertyDiffKind>(StringComparer.Ordinal);
        var replaces = ImmutableArray.CreateBuilder<string>();
        foreach (var key in request.OldInputs.Properties.Keys.Union(request.NewInputs.Properties.Keys, StringComparer.Ordinal))
        {
            var old = request.OldInputs[key];
            var @new = request.NewInputs[key];
            if (Equals(old, @new) || request.IgnoreChanges.Contains(key))
            {
                continue;
            }

            var replace = behavior.ReplaceKeys.Contains(key);
            if (replace)
            {
                replaces.Add(key);
            }

            detailed[key] = (old, @new, replace) switch
            {
                (null, _, false) => PropertyDiffKind.Add,
                (null, _, true) => PropertyDiffKind.AddReplace,
                (_, null, false) => PropertyDiffKind.Delete,
                (_, null, true) => PropertyDiffKind.DeleteReplace,
                (_, _, false) => PropertyDiffKind.Update,
                _ => PropertyDiffKind.UpdateReplace,
            };
        }

        if (detailed.Count == 0)
        {
            return DiffResult.NoChanges;
        }

        return new DiffResult(DiffChanges.Some, replaces.ToImmutable(), ImmutableArray<string>.Empty, behavior.DeleteBeforeReplace, detailed.ToImmutable());
    }

    /// <inheritdoc />
    public async Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var behavior = await EnterAsync(FakeOperation.Create, request.Urn, request.Type, null, request.Inputs, cancellationToken).ConfigureAwait(false);
        var id = IdOf(request.Urn.Name);
        var outputs = OutputsOf(behavior, id, request.Inputs, null);
        await Cloud.PutAsync(new FakeCloudResource(request.Urn, request.Type, id, request.Inputs, outputs, Cloud.NextSequence(timeProvider)), cancellationToken).ConfigureAwait(false);
        return new CreateResult(id, outputs);
    }

    /// <inheritdoc />
    public async Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(FakeOperation.Read, request.Urn, request.Type, request.Id, request.Inputs, cancellationToken).ConfigureAwait(false);
        var found = request.Id is null
            ? await Cloud.FindByUrnAsync(request.Urn, cancellationToken).ConfigureAwait(false)
            : await Cloud.GetAsync(request.Id, cancellationToken).ConfigureAwait(false);
        return found is null ? ResourceGone.Instance : new ResourceFound(found.Id, found.Inputs, found.Outputs);
    }

    /// <inheritdoc />
    public async Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var behavior = await EnterAsync(FakeOperation.Update, request.Urn, request.Type, request.Id, request.NewInputs, cancellationToken).ConfigureAwait(false);
        var existing = await Cloud.GetAsync(request.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new ProviderException(new ProviderName(Package), request.Urn, "update", false, $"resource '{request.Id}' does not exist");
        var outputs = OutputsOf(behavior, request.Id, request.NewInputs, existing.Outputs);
        await Cloud.PutAsync(existing with { Inputs = request.NewInputs, Outputs = outputs }, cancellationToken).ConfigureAwait(false);
        return new UpdateResult(outputs);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(FakeOperation.Delete, request.Urn, request.Type, request.Id, request.Inputs, cancellationToken).ConfigureAwait(false);
        await Cloud.RemoveAsync(request.Id, cancellationToken).ConfigureAwait(false);
    }

    private static ObjectValue OutputsOf(FakeResourceBehavior behavior, string id, ObjectValue inputs, ObjectValue? previous)
    {
        var outputs = inputs.With("id", new StringValue(id));
        foreach (var name in behavior.ComputedOutputs)
        {
            // Computed outputs keep their value across updates, as a real cloud's would.
            var value = previous?[name] ?? name switch
            {
                "ipAddress" => new StringValue(AddressOf(id)),
                "password" => new SecretValue(new StringValue($"pw-{id}")),
                _ => new StringValue($"{name}-{id}"),
            };
            outputs = outputs.With(name, value);
        }

        foreach (var key in behavior.SecretOutputs)
        {
            if (outputs[key] is { } value and not SecretValue)
            {
                outputs = outputs.With(key, new SecretValue(value));
            }
        }

        return outputs;
    }

    /// <summary>A new id: up to 40 characters of the name (letters and digits; anything else becomes '-'), '-', a new GUID.</summary>
    private static string IdOf(string name)
    {
        var kept = Math.Min(name.Length, 40);
        return string.Create(kept + 33, (name, kept), static (id, state) =>
        {
            for (var i = 0; i < state.kept; i++)
            {
                var c = state.name[i];
                id[i] = char.IsAsciiLetterOrDigit(c) ? c : '-';
            }

            id[state.kept] = '-';
            Guid.NewGuid().TryFormat(id[(state.kept + 1)..], out _, "N");
        });
    }

    private static string AddressOf(string id)
    {
        var hash = (uint)StringComparer.Ordinal.GetHashCode(id);
        return string.Create(CultureInfo.InvariantCulture, $"10.{(hash >> 16) & 0xff}.{(hash >> 8) & 0xff}.{Math.Max(2, hash & 0xfe)}");
    }

    // A ValueTask: the calls of a zero-latency behavior complete at once, and a Task per call was 2 MB per 10,000 creates.
    private async ValueTask<FakeResourceBehavior> EnterAsync(FakeOperation operation, Urn urn, ResourceType type, string? id, ObjectValue? inputs, CancellationToken cancellationToken)
    {
        var call = new ProviderCall(operation, urn, id, inputs, timeProvider.GetUtcNow());
        calls.Enqueue(call);
        var behavior = BehaviorOf(type);
        var count = counters.AddOrUpdate((type.Token, operation), 1, (_, n) => n + 1);
        if (behavior.Latency > TimeSpan.Zero && operation is not (FakeOperation.Check or FakeOperation.Diff))
        {
            await Task.Delay(behavior.Latency, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (behavior.Interceptor is { } interceptor && operation is FakeOperation.Create or FakeOperation.Update or FakeOperation.Delete)
        {
            await interceptor(call, cancellationToken).ConfigureAwait(false);
        }

        if (FailureOf(behavior, operation, count) is { } failure)
        {
            throw new ProviderException(
                new ProviderName(Package),
                urn,
                operation.ToString().ToLowerInvariant(),
                failure.Transient,
                $"injected {(failure.Transient ? "transient" : "permanent")} failure of {operation} call {count} for {type}");
        }

        return behavior;
    }

    // A loop rather than FirstOrDefault with a lambda: that allocated a closure per call.
    private static FakeFailure? FailureOf(FakeResourceBehavior behavior, FakeOperation operation, int count)
    {
        foreach (var failure in behavior.Failures)
        {
            if (failure.Fails(operation, count))
            {
                return failure;
            }
        }

        return null;
    }
}
