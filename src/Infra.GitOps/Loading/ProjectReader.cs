using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>Reads <c>Pulumi.yaml</c>: <c>name</c> required, <c>description</c>, <c>backend.url</c>; other Pulumi
/// keys (<c>runtime</c>, ...) are accepted and ignored.</summary>
internal static class ProjectReader
{
    public static InfraProject? Read(string path, IReadOnlyList<YamlDocumentNode> documents, List<Diagnostic> diagnostics)
    {
        if (documents.Count == 0)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.MissingPropertyCode,
                DiagnosticMessages.Format(DiagnosticMessages.MissingProperty, "name", path),
                SourceLocation.OfFile(path)));
            return null;
        }

        var root = documents[0].Root;
        var validator = new SchemaValidator(path, path, diagnostics, new Dictionary<string, SourceLocation>(StringComparer.Ordinal));
        var project = validator.Validate(root, DocumentSchemas.Project, string.Empty) as ObjectValue;
        if (validator.ErrorCount > 0 || project?["name"] is not StringValue name)
        {
            return null;
        }

        var backend = (project["backend"] as ObjectValue)?["url"] as StringValue;
        return new InfraProject(
            name.Value,
            (project["description"] as StringValue)?.Value,
            backend?.Value ?? InfraProject.DefaultBackendUrl,
            new SourceLocation(path, root.Line, root.Column));
    }
}
