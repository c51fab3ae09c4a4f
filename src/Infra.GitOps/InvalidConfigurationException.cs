using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps;

/// <summary>Thrown where an API cannot return diagnostics: the input was invalid; carries every diagnostic.</summary>
public sealed class InvalidConfigurationException : GitOpsException
{
    /// <summary>Creates the exception from the diagnostics found.</summary>
    public InvalidConfigurationException(ImmutableArray<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>The diagnostics, sorted.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }
}
