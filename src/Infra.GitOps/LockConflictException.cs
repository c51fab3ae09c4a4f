namespace Infra.GitOps;

/// <summary>A stack's lock is held by someone else; the message names the holder and how to break a stale lock.</summary>
public sealed class LockConflictException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public LockConflictException(string message)
        : base(message)
    {
    }
}
