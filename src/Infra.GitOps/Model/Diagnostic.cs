namespace Infra.GitOps.Model;

/// <summary>
/// A problem in the user's input, reported compiler style so that editors and CI annotate it:
/// <c>infra/prod/network.yaml:12:7: error GO1002: unknown property 'cidr_blok' ...</c>.
/// User-input problems are diagnostics, never exceptions; codes and message templates live in
/// <see cref="Loading.DiagnosticMessages"/>.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, SourceLocation Location)
    : IComparable<Diagnostic>
{
    /// <summary>Creates an error diagnostic.</summary>
    public static Diagnostic Error(string code, string message, SourceLocation location) =>
        new(Severity.Error, code, message, location);

    /// <summary>Creates a warning diagnostic.</summary>
    public static Diagnostic Warning(string code, string message, SourceLocation location) =>
        new(Severity.Warning, code, message, location);

    /// <summary>Orders by location, then code, then message, so that output is stable.</summary>
    public int CompareTo(Diagnostic? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byLocation = Location.CompareTo(other.Location);
        if (byLocation != 0)
        {
            return byLocation;
        }

        var byCode = string.CompareOrdinal(Code, other.Code);
        return byCode != 0 ? byCode : string.CompareOrdinal(Message, other.Message);
    }

    /// <summary>The compiler-style line: <c>path:line:column: severity CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
