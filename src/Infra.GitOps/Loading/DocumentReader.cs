using System.Collections.Immutable;
using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>Turns a parsed YAML document of a source file into a validated <see cref="ResourceDocument"/>.</summary>
internal static class DocumentReader
{
    /// <summary>The document, or null when it had errors (all reported).</summary>
    public static ResourceDocument? Read(string path, YamlMapping root, List<Diagnostic> diagnostics, PropertyPaths paths)
    {
        var header = DocumentHeader.Read(path, root, diagnostics);
        if (header is null)
        {
            return null;
        }

        var validator = new SchemaValidator(path, header.Subject, diagnostics, paths);
        var apiVersion = header.ApiVersion.Text;
        var kindName = header.Kind.Text;
        if (!header.IsInfraGroup)
        {
            var kubernetes = (ObjectValue)validator.Validate(root, DocumentSchemas.KubernetesObject, string.Empty);
            return validator.ErrorCount > 0
                ? null
                : Create(header, DocumentKind.KubernetesObject, ProviderName.Kubernetes, kubernetes.Properties.Remove("options"), kubernetes, root, path, validator);
        }

        if (apiVersion != DocumentSchemas.ApiVersion)
        {
            validator.Report(
                DiagnosticMessages.UnknownApiVersionCode,
                DiagnosticMessages.Format(DiagnosticMessages.UnknownApiVersion, apiVersion, DocumentSchemas.ApiVersion),
                header.ApiVersion);
            return null;
        }

        if (kindName == DocumentSchemas.StackKind)
        {
            validator.Report(DiagnosticMessages.StackInSourceFileCode, DiagnosticMessages.StackInSourceFile, header.Kind);
            return null;
        }

        if (!DocumentSchemas.ResourceKindsByName.TryGetValue(kindName, out var schema))
        {
            ReportUnknownKind(validator, header.Kind);
            return null;
        }

        var document = validator.Validate(root, schema, string.Empty) as ObjectValue;
        if (validator.ErrorCount > 0 || document?["spec"] is not ObjectValue spec)
        {
            return null;
        }

        var kind = Enum.Parse<DocumentKind>(kindName);
        if (kind == DocumentKind.Resource)
        {
            var type = ((StringValue)spec.Properties["type"]).Value; // required and a validated literal string
            var withProperties = spec.Properties.ContainsKey("properties") ? spec.Properties : spec.Properties.Add("properties", ObjectValue.Empty);
            return Create(header, kind, new ProviderName(new ResourceType(type).Package), withProperties, document, root, path, validator);
        }

        var provider = ((StringValue)spec.Properties["provider"]).Value; // required and a validated enum value
        return Create(header, kind, new ProviderName(provider), spec.Properties.Remove("provider"), document, root, path, validator);
    }

    /// <summary>Reports an unknown <c>infra.gitops/v1</c> kind, suggesting a close one.</summary>
    public static void ReportUnknownKind(SchemaValidator validator, YamlScalar kind)
    {
        var known = string.Join(", ", DocumentSchemas.AllKindNames);
        var suggestion = ClosestMatch.Find(kind.Text, DocumentSchemas.AllKindNames);
        var message = suggestion is null
            ? DiagnosticMessages.Format(DiagnosticMessages.UnknownKind, kind.Text, known)
            : DiagnosticMessages.Format(DiagnosticMessages.UnknownKindDidYouMean, kind.Text, known, suggestion);
        validator.Report(DiagnosticMessages.UnknownKindCode, message, kind);
    }

    private static ResourceDocument Create(
        DocumentHeader header,
        DocumentKind kind,
        ProviderName provider,
        ImmutableSortedDictionary<string, PropertyValue> spec,
        ObjectValue document,
        YamlMapping root,
        string path,
        SchemaValidator validator) =>
        new(
            header.ApiVersion.Text,
            kind,
            header.Kind.Text,
            header.Name.Text,
            provider,
            new ObjectValue(spec),
            ReadOptions(document["options"]),
            new SourceLocation(path, root.Line, root.Column),
            validator.LocationMap);

    private static ResourceOptions ReadOptions(PropertyValue? value)
    {
        if (value is not ObjectValue options)
        {
            return ResourceOptions.Default;
        }

        return new ResourceOptions
        {
            DependsOn = Strings(options["dependsOn"]),
            Protect = options["protect"] is BoolValue { Value: true },
            RetainOnDelete = options["retainOnDelete"] is BoolValue { Value: true },
            IgnoreChanges = Strings(options["ignoreChanges"]),
            ReplaceOnChanges = Strings(options["replaceOnChanges"]),
            DeleteBeforeReplace = options["deleteBeforeReplace"] is BoolValue flag ? flag.Value : null,
        };
    }

    /// <summary>The strings of a validated list of strings.</summary>
    internal static ImmutableArray<string> Strings(PropertyValue? value)
    {
        if (value is not ArrayValue array)
        {
            return ImmutableArray<string>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<string>(array.Items.Length);
        foreach (var item in array.Items)
        {
            if (item is StringValue text)
            {
                builder.Add(text.Value);
            }
        }

        return builder.ToImmutable();
    }
}
