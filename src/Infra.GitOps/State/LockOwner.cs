namespace Infra.GitOps.State;

/// <summary>Who holds a stack lock: shown to whoever is refused it.</summary>
/// <param name="Owner">The user or service (<c>alice</c>, <c>reconciler</c>).</param>
/// <param name="ProcessId">The holder's process id.</param>
/// <param name="Host">The holder's host name.</param>
/// <param name="Operation">What it is doing (<c>up</c>, <c>destroy</c>).</param>
/// <param name="Acquired">When the lock was taken.</param>
public sealed record LockOwner(string Owner, int ProcessId, string Host, string Operation, DateTimeOffset Acquired);
