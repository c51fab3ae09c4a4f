using System.Text.RegularExpressions;

namespace Infra.GitOps.Reconciler.Storage;

/// <summary>
/// Where the reconciler keeps its files, beside the stacks' state:
/// <c>&lt;state dir&gt;/.infra-gitops/status/&lt;stack&gt;.json</c>, <c>.../audit/&lt;stack&gt;.jsonl</c>,
/// <c>.../requests/&lt;stack&gt;.json</c>.
/// </summary>
public sealed partial record ReconcilerPaths
{
    /// <summary>Creates the layout under <paramref name="stateDirectory"/> (the file state store's directory).</summary>
    public ReconcilerPaths(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        Root = Path.Combine(Path.GetFullPath(stateDirectory), ".infra-gitops");
    }

    /// <summary>The reconciler's own folder.</summary>
    public string Root { get; }

    /// <summary>The status files' folder.</summary>
    public string StatusDirectory => Path.Combine(Root, "status");

    /// <summary>The audit trails' folder.</summary>
    public string AuditDirectory => Path.Combine(Root, "audit");

    /// <summary>The pending requests' folder.</summary>
    public string RequestDirectory => Path.Combine(Root, "requests");

    /// <summary>The status file of <paramref name="stack"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="stack"/> is not a valid stack name.</exception>
    public string StatusFile(string stack) => Path.Combine(StatusDirectory, Checked(stack) + ".json");

    /// <summary>The audit trail of <paramref name="stack"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="stack"/> is not a valid stack name.</exception>
    public string AuditFile(string stack) => Path.Combine(AuditDirectory, Checked(stack) + ".jsonl");

    /// <summary>The pending request of <paramref name="stack"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="stack"/> is not a valid stack name.</exception>
    public string RequestFile(string stack) => Path.Combine(RequestDirectory, Checked(stack) + ".json");

    /// <summary>True for a stack name the loader accepts (<c>[a-z0-9]([-a-z0-9]*[a-z0-9])?</c>, at most 63 characters).</summary>
    public static bool IsValidStackName(string stack) => stack is { Length: > 0 and <= 63 } && StackName().IsMatch(stack);

    // Stack names become file names: anything else (a path separator, "..") is refused before touching the disk.
    private static string Checked(string stack) =>
        IsValidStackName(stack) ? stack : throw new ArgumentException($"'{stack}' is not a valid stack name", nameof(stack));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex StackName();
}
