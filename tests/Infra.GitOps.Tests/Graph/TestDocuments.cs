using NUnit.Framework;
using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Tests.Graph;

/// <summary>
/// Builds <see cref="ResourceDocument"/>s as the loader would, with a distinct location for every value: the
/// document starts at <c>infra/{name}.yaml:1:1</c>, <c>spec.provider</c> and every other value path get the next
/// line in walk order (column = 2 × depth + 1), so that a test asserting a diagnostic's location can only pass
/// when the builder pointed at the right value.
/// </summary>
internal static class TestDocuments
{
    public const string ApiVersion = "infra.gitops/v1";

    public static ResourceDocument Network(string name, string provider, object? spec = null, ResourceOptions? options = null) =>
        Neutral(DocumentKind.Network, name, provider, spec ?? new { cidr = "10.10.0.0/24" }, options);

    public static ResourceDocument Disk(string name, string provider, object? spec = null, ResourceOptions? options = null) =>
        Neutral(DocumentKind.Disk, name, provider, spec ?? new { sizeGb = 1 }, options);

    public static ResourceDocument VirtualMachine(string name, string provider, object spec, ResourceOptions? options = null, IReadOnlyDictionary<string, string>? labels = null) =>
        Neutral(DocumentKind.VirtualMachine, name, provider, spec, options, labels);

    public static ResourceDocument Bucket(string name, string provider, object? spec = null, ResourceOptions? options = null) =>
        Neutral(DocumentKind.Bucket, name, provider, spec ?? new { versioning = true }, options);

    public static ResourceDocument Resource(string name, string type, object? properties = null, ResourceOptions? options = null) =>
        Create(ApiVersion, DocumentKind.Resource, "Resource", name, new ProviderName(type.Split(':')[0]),
            TestValues.Object(new Dictionary<string, object?> { ["type"] = type, ["properties"] = TestValues.Object(properties) }), options, "spec");

    public static ResourceDocument Kubernetes(string apiVersion, string kind, string name, object? body = null, ResourceOptions? options = null)
    {
        var spec = TestValues.Object(body)
            .With("apiVersion", new StringValue(apiVersion))
            .With("kind", new StringValue(kind))
            .With("metadata", TestValues.Object(new Dictionary<string, object?> { ["name"] = name }));
        return Create(apiVersion, DocumentKind.KubernetesObject, kind, name, ProviderName.Kubernetes, spec, options, null);
    }

    public static ResourceDocument Neutral(DocumentKind kind, string name, string provider, object spec, ResourceOptions? options = null, IReadOnlyDictionary<string, string>? labels = null) =>
        Create(ApiVersion, kind, kind.ToString(), name, new ProviderName(provider), TestValues.Object(spec), options, "spec", labels);

    private static ResourceDocument Create(string apiVersion, DocumentKind kind, string kindName, string name, ProviderName provider, ObjectValue spec, ResourceOptions? options, string? specPrefix, IReadOnlyDictionary<string, string>? labels = null)
    {
        var path = $"infra/{name}.yaml";
        var locations = ImmutableDictionary.CreateBuilder<string, SourceLocation>(StringComparer.Ordinal);
        var line = 2;
        if (specPrefix is not null && kind != DocumentKind.Resource)
        {
            locations["spec.provider"] = new SourceLocation(path, line++, 3);
        }

        Walk(spec, specPrefix ?? string.Empty, specPrefix is null ? 0 : 1);
        options ??= ResourceOptions.Default;
        for (var i = 0; i < options.DependsOn.Length; i++)
        {
            locations[$"options.dependsOn[{i}]"] = new SourceLocation(path, line++, 5);
        }

        return new ResourceDocument(apiVersion, kind, kindName, name, provider, spec, options, new SourceLocation(path, 1, 1), SourceLocationMap.Create(locations.ToImmutable()))
        {
            Labels = (labels ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal),
        };

        void Walk(PropertyValue value, string at, int depth)
        {
            if (at.Length > 0)
            {
                locations[at] = new SourceLocation(path, line++, (2 * depth) + 1);
            }

            switch (value)
            {
                case ObjectValue o:
                    foreach (var (key, item) in o.Properties)
                    {
                        Walk(item, at.Length == 0 ? key : at + "." + key, depth + 1);
                    }

                    break;
                case ArrayValue a:
                    for (var i = 0; i < a.Items.Length; i++)
                    {
                        Walk(a.Items[i], $"{at}[{i}]", depth + 1);
                    }

                    break;
            }
        }
    }
}
