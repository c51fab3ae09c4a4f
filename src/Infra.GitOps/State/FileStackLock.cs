using Infra.GitOps.State.Serialization;

namespace Infra.GitOps.State;

/// <summary>A held <c>&lt;stack&gt;.lock</c> file; releasing deletes it only if it is still this acquisition's.</summary>
internal sealed class FileStackLock : IStackLock
{
    private int released;

    public FileStackLock(FileStateStore store, string stack, LockOwner owner, string nonce, string path)
    {
        Store = store;
        Stack = stack;
        Owner = owner;
        Nonce = nonce;
        Path = path;
    }

    public string Stack { get; }

    public LockOwner Owner { get; }

    public FileStateStore Store { get; }

    public string Nonce { get; }

    public string Path { get; }

    public bool IsReleased => Volatile.Read(ref released) != 0;

    /// <summary>True when the lock file still holds this acquisition (nobody broke it).</summary>
    public async Task<bool> IsStillHeldAsync(CancellationToken cancellationToken)
    {
        return !IsReleased && await FileHoldsNonceAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref released, 1) != 0)
        {
            return;
        }

        // Someone may have broken this lock and another process taken it: delete only our own record.
        if (await FileHoldsNonceAsync(CancellationToken.None).ConfigureAwait(false))
        {
            File.Delete(Path);
        }
    }

    private async Task<bool> FileHoldsNonceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
            return LockRecordJson.TryRead(bytes) is { } record && record.Nonce == Nonce;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
