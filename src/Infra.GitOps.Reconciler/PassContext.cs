using Infra.GitOps.Loading;
using Infra.GitOps.Reconciler.Sources;

namespace Infra.GitOps.Reconciler;

/// <summary>What every stack of one pass shares.</summary>
/// <param name="Head">The tracked branch's head.</param>
/// <param name="Repository">The repository compiled at the head, or null when it is unusable as a whole.</param>
/// <param name="Caller">The caller's token, to tell its cancellation from the pass timeout.</param>
internal sealed record PassContext(CommitSummary Head, CompiledRepository? Repository, CancellationToken Caller);
