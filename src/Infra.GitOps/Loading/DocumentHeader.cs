using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// The three fields every document must have (<c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>), read before
/// the kind's schema is known. Each missing or mistyped field is reported at once, so that a document missing
/// all three yields three diagnostics.
/// </summary>
internal sealed record DocumentHeader(YamlScalar ApiVersion, YamlScalar Kind, YamlScalar Name)
{
    public static DocumentHeader? Read(string path, YamlMapping root, List<Diagnostic> diagnostics)
    {
        var apiVersion = Field(path, root, "apiVersion", "apiVersion", diagnostics);
        var kind = Field(path, root, "kind", "kind", diagnostics);
        YamlScalar? name = null;
        switch (root.Get("metadata"))
        {
            case null:
                Missing(path, root, "metadata.name", diagnostics);
                break;
            case YamlMapping metadata:
                name = Field(path, metadata, "name", "metadata.name", diagnostics, root);
                break;
            case var other:
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticMessages.WrongTypeCode,
                    DiagnosticMessages.Format(DiagnosticMessages.WrongType, "metadata", "a mapping", other.Describe()),
                    new SourceLocation(path, other.Line, other.Column)));
                break;
        }

        return apiVersion is null || kind is null || name is null ? null : new DocumentHeader(apiVersion, kind, name);
    }

    /// <summary>How messages name the document: <c>VirtualMachine 'web'</c>.</summary>
    public string Subject => Kind.Text + " '" + Name.Text + "'";

    public bool IsInfraGroup => ApiVersion.Text.StartsWith(DocumentSchemas.ApiGroupPrefix, StringComparison.Ordinal);

    private static YamlScalar? Field(string path, YamlMapping mapping, string key, string fullName, List<Diagnostic> diagnostics, YamlMapping? documentRoot = null)
    {
        switch (mapping.Get(key))
        {
            case null:
                Missing(path, documentRoot ?? mapping, fullName, diagnostics);
                return null;
            case YamlScalar { Type: YamlScalarType.String } scalar when scalar.Text.Length > 0:
                return scalar;
            case var other:
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticMessages.WrongTypeCode,
                    DiagnosticMessages.Format(DiagnosticMessages.WrongType, fullName, "a non-empty string", other.Describe()),
                    new SourceLocation(path, other.Line, other.Column)));
                return null;
        }
    }

    private static void Missing(string path, YamlMapping root, string fullName, List<Diagnostic> diagnostics) =>
        diagnostics.Add(Diagnostic.Error(
            DiagnosticMessages.MissingPropertyCode,
            DiagnosticMessages.Format(DiagnosticMessages.MissingProperty, fullName, "the document"),
            new SourceLocation(path, root.Line, root.Column)));
}
