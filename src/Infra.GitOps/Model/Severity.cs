namespace Infra.GitOps.Model;

/// <summary>How serious a <see cref="Diagnostic"/> is. Any error stops the operation before anything changes.</summary>
public enum Severity
{
    /// <summary>Worth knowing; changes nothing.</summary>
    Info,

    /// <summary>Probably a mistake, but the operation goes on.</summary>
    Warning,

    /// <summary>The input is invalid; nothing is applied.</summary>
    Error,
}
