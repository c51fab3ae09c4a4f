namespace Infra.GitOps.Cli;

/// <summary>The process exit codes of <c>infra-gitops</c>, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The operation failed (a provider error, a lock held, a step failed).</summary>
    public const int Failed = 1;

    /// <summary>Invalid input or usage: diagnostics in the YAML, unknown options, a missing stack.</summary>
    public const int InvalidInput = 2;
}
