namespace Infra.GitOps.State;

/// <summary>A held stack lock; disposing releases it.</summary>
public interface IStackLock : IAsyncDisposable
{
    /// <summary>The locked stack.</summary>
    string Stack { get; }

    /// <summary>Who holds it.</summary>
    LockOwner Owner { get; }
}
