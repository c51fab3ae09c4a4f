namespace Infra.GitOps;

/// <summary>The root of Infra.GitOps' operational failures. User-input problems are diagnostics instead.</summary>
public class GitOpsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitOpsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitOpsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitOpsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
