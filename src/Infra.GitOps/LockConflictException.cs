using System.Globalization;
using Infra.GitOps.State;

namespace Infra.GitOps;

/// <summary>A stack's lock is held by someone else; the message names the holder and how to break a stale lock.</summary>
public sealed class LockConflictException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public LockConflictException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// The conflict on <paramref name="stack"/> held by <paramref name="holder"/> (null when the lock's record is
    /// unreadable), with the command that breaks a stale lock.
    /// </summary>
    public static LockConflictException ForHolder(string stack, LockOwner? holder)
    {
        var who = holder is null
            ? "an unknown holder (its lock record is unreadable)"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{holder.Owner} (pid {holder.ProcessId} on {holder.Host}, {holder.Operation} since {holder.Acquired.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})");
        return new LockConflictException(
            $"stack '{stack}' is locked by {who}; if that process is gone, run `infra-gitops stack unlock --stack {stack}`");
    }
}
