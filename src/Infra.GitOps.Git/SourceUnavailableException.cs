namespace Infra.GitOps.Git;

/// <summary>
/// The Git source of a stack cannot be read. The reconciler handles the <see cref="Reason"/>s differently:
/// an unreachable remote is transient, a missing branch or revision stalls until a human acts.
/// The message never contains credentials.
/// </summary>
public sealed class SourceUnavailableException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the source is unavailable.</param>
    /// <param name="message">What happened, naming the remote (without credentials) and the branch or revision.</param>
    public SourceUnavailableException(SourceUnavailableReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="reason">Why the source is unavailable.</param>
    /// <param name="message">What happened, naming the remote (without credentials) and the branch or revision.</param>
    /// <param name="innerException">The LibGit2Sharp failure.</param>
    public SourceUnavailableException(SourceUnavailableReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the source is unavailable.</summary>
    public SourceUnavailableReason Reason { get; }
}
