namespace Infra.GitOps.Loading;

/// <summary>
/// Every diagnostic code and message template, in one place (NodaTime's <c>TextErrorMessages</c>); tests assert
/// against these constants. Codes: GO1xxx loading (YAML, schema, files), GO2xxx graph (expressions, references,
/// cycles, translation), GO3xxx engine and provider checks. Split by concern into
/// <c>DiagnosticMessages.Loading.cs</c>, <c>DiagnosticMessages.Graph.cs</c>, <c>DiagnosticMessages.Engine.cs</c>.
/// Templates use <see cref="string.Format(IFormatProvider, string, object[])"/> placeholders.
/// </summary>
public static partial class DiagnosticMessages
{
    /// <summary>Formats a template with invariant culture.</summary>
    public static string Format(string template, params object?[] arguments) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, arguments);
}
