namespace Infra.GitOps.Reconciler.Requests;

/// <summary>
/// A person's request for one stack, left in <c>&lt;state dir&gt;/.infra-gitops/requests/&lt;stack&gt;.json</c> so
/// that a running <c>serve</c> picks it up (Flux's <c>reconcile.fluxcd.io/requestedAt</c> annotation). A request
/// is handled once: the status records its <see cref="Id"/>.
/// </summary>
/// <param name="Id">Unique per request.</param>
/// <param name="Stack">The stack.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Revision">For <see cref="ReconcileRequestKind.Rollback"/>: the commit (full id) to apply; otherwise null.</param>
/// <param name="RequestedAt">When it was asked.</param>
/// <param name="OverrideDeleteLimit">The explicit override of the stack's <c>maxDeletes</c> guard for this one run.</param>
public sealed record ReconcileRequest(
    string Id,
    string Stack,
    ReconcileRequestKind Kind,
    string? Revision,
    DateTimeOffset RequestedAt,
    bool OverrideDeleteLimit = false);
