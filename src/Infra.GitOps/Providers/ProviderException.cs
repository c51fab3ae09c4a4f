using Infra.GitOps.Model;

namespace Infra.GitOps.Providers;

/// <summary>A provider operation failed. <see cref="IsTransient"/> says whether retrying may help.</summary>
public sealed class ProviderException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public ProviderException(ProviderName provider, Urn? resource, string operation, bool isTransient, string message, Exception? innerException = null)
        : base(message, innerException!)
    {
        Provider = provider;
        Resource = resource;
        Operation = operation;
        IsTransient = isTransient;
    }

    /// <summary>The provider that failed.</summary>
    public ProviderName Provider { get; }

    /// <summary>The resource concerned, if any.</summary>
    public Urn? Resource { get; }

    /// <summary>The operation: <c>check</c>, <c>diff</c>, <c>create</c>, <c>read</c>, <c>update</c>, <c>delete</c>, <c>configure</c>.</summary>
    public string Operation { get; }

    /// <summary>True for throttling, timeouts and eventual-consistency misses: the engine retries.</summary>
    public bool IsTransient { get; }
}
