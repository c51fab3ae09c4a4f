using System.Collections.Immutable;
using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>Turns a document of a stack file into a <see cref="ParsedStack"/>.</summary>
internal static class StackReader
{
    /// <summary>The stack, or null when it had errors (all reported).</summary>
    public static ParsedStack? Read(string path, YamlMapping root, List<Diagnostic> diagnostics, PropertyPaths paths)
    {
        var header = DocumentHeader.Read(path, root, diagnostics);
        if (header is null)
        {
            return null;
        }

        var validator = new SchemaValidator(path, header.Subject, diagnostics, paths);
        if (!header.IsInfraGroup || header.Kind.Text != DocumentSchemas.StackKind)
        {
            if (header.ApiVersion.Text == DocumentSchemas.ApiVersion && !DocumentSchemas.AllKindNames.Contains(header.Kind.Text))
            {
                DocumentReader.ReportUnknownKind(validator, header.Kind);
            }
            else
            {
                validator.Report(DiagnosticMessages.NonStackDocumentCode, DiagnosticMessages.Format(DiagnosticMessages.NonStackDocument, header.Kind.Text), header.Kind);
            }

            return null;
        }

        if (header.ApiVersion.Text != DocumentSchemas.ApiVersion)
        {
            validator.Report(
                DiagnosticMessages.UnknownApiVersionCode,
                DiagnosticMessages.Format(DiagnosticMessages.UnknownApiVersion, header.ApiVersion.Text, DocumentSchemas.ApiVersion),
                header.ApiVersion);
            return null;
        }

        var document = validator.Validate(root, DocumentSchemas.Stack, string.Empty) as ObjectValue;
        var spec = document?["spec"] as ObjectValue;
        var sources = DocumentReader.Strings(spec?["sources"]);
        var globs = ImmutableArray.CreateBuilder<(GlobPattern, SourceLocation)>();
        for (var i = 0; i < sources.Length; i++)
        {
            var location = validator.LocationOf($"spec.sources[{i}]", new SourceLocation(path, root.Line, root.Column));
            var glob = GlobPattern.TryCreate(sources[i], out var error);
            if (glob is null)
            {
                validator.Report(DiagnosticMessages.InvalidGlobCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidGlob, sources[i], error), location);
            }
            else
            {
                globs.Add((glob, location));
            }
        }

        if (validator.ErrorCount > 0 || spec is null)
        {
            return null;
        }

        var definition = new StackDefinition(
            header.Name.Text,
            sources,
            Providers(spec["providers"]),
            spec["variables"] is ObjectValue variables ? variables.Properties : ObjectValue.Empty.Properties,
            Secrets(spec["secrets"], validator, path),
            Reconcile(spec["reconcile"]),
            new SourceLocation(path, root.Line, root.Column),
            validator.Locations);
        return new ParsedStack(definition, globs.ToImmutable());
    }

    private static ImmutableSortedDictionary<string, ObjectValue> Providers(PropertyValue? value)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, ObjectValue>(StringComparer.Ordinal);
        if (value is ObjectValue providers)
        {
            foreach (var (name, configuration) in providers.Properties)
            {
                builder[name] = configuration as ObjectValue ?? ObjectValue.Empty;
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableSortedDictionary<string, SecretSource> Secrets(PropertyValue? value, SchemaValidator validator, string path)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, SecretSource>(StringComparer.Ordinal);
        if (value is ObjectValue secrets)
        {
            foreach (var (name, source) in secrets.Properties)
            {
                var location = validator.LocationOf("spec.secrets." + name, SourceLocation.OfFile(path));
                if (source is ObjectValue fields && fields["fromEnv"] is StringValue variable)
                {
                    builder[name] = new EnvironmentSecretSource(variable.Value, location);
                }
                else if (source is ObjectValue encrypted && encrypted["secure"] is StringValue ciphertext)
                {
                    builder[name] = new EncryptedSecretSource(ciphertext.Value, location);
                }
            }
        }

        return builder.ToImmutable();
    }

    private static ReconcileSettings Reconcile(PropertyValue? value)
    {
        if (value is not ObjectValue reconcile)
        {
            return ReconcileSettings.Default;
        }

        return new ReconcileSettings
        {
            Suspend = reconcile["suspend"] is BoolValue { Value: true },
            MaxDeletes = reconcile["maxDeletes"] is NumberValue maxDeletes ? (int)maxDeletes.Value : null,
            Refresh = reconcile["refresh"] is BoolValue { Value: true },
            DriftSchedule = (reconcile["driftSchedule"] as StringValue)?.Value,
            DriftRemediation = reconcile["driftRemediation"] is BoolValue { Value: true },
            Revision = (reconcile["revision"] as StringValue)?.Value,
            PreviewOnly = reconcile["previewOnly"] is BoolValue { Value: true },
            DependsOn = DocumentReader.Strings(reconcile["dependsOn"]),
        };
    }
}
