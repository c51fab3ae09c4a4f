using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// The outcome of loading or translating user input: a value and every diagnostic found in one pass.
/// Invariant: when <see cref="HasErrors"/> is true, callers must not act on <see cref="Value"/> (it may be
/// partial or null); when it is false, <see cref="Value"/> is non-null.
/// </summary>
public sealed record LoadResult<T>(T? Value, ImmutableArray<Diagnostic> Diagnostics)
    where T : class
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>A successful result with no diagnostics.</summary>
    public static LoadResult<T> Success(T value) => new(value, ImmutableArray<Diagnostic>.Empty);

    /// <summary>A failed result carrying the given diagnostics.</summary>
    public static LoadResult<T> Failure(IEnumerable<Diagnostic> diagnostics) =>
        new(null, diagnostics.Order().ToImmutableArray());
}
