namespace Infra.GitOps.Cli;

/// <summary>The command line itself is wrong (exit code 2), found after parsing (a malformed <c>--var</c>).</summary>
public sealed class UsageException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public UsageException(string message)
        : base(message)
    {
    }
}
