using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>
/// A stack that could not be planned for an operational reason (its state is unreadable or locked by a crashed
/// operation, a provider failed during refresh). <see cref="Reason"/> is a message for people and never holds
/// secret values.
/// </summary>
/// <param name="Name">The stack's name.</param>
/// <param name="Diagnostics">Diagnostics found before the failure.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record FailedStackPreview(string Name, ImmutableArray<Diagnostic> Diagnostics, string Reason)
    : StackPreview(Name, Diagnostics)
{
    /// <inheritdoc />
    public override ChangeCounts Counts => ChangeCounts.None;

    /// <inheritdoc />
    public override bool IsFailure => true;
}
