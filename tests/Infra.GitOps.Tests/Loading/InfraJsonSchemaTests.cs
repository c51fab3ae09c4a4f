using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.GitOps.Loading;
using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;
using Json.Schema;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Loading;

[TestFixture]
public class InfraJsonSchemaTests
{
    private static readonly Lazy<JsonSchema> Published = new(() =>
        JsonSchema.FromText(File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, InfraJsonSchema.RelativePath))));

    private static IEnumerable<TestCaseData> RepositoryDocuments()
    {
        foreach (var folder in new[] { "examples", "stacks" })
        {
            var root = System.IO.Path.Combine(RepositoryRoot.Path, folder);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = System.IO.Path.GetFileName(file);
                // examples/ci holds CI pipelines (GitHub Actions, Azure DevOps), not infra documents.
                var inCi = System.IO.Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/').StartsWith("examples/ci/", StringComparison.Ordinal);
                if (!inCi && (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal)) && name is not ("Pulumi.yaml" or "Pulumi.yml"))
                {
                    var relative = System.IO.Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/');
                    yield return new TestCaseData(relative).SetName("Validates_" + relative.Replace('/', '_').Replace('.', '_'));
                }
            }
        }
    }

    [Test]
    public void Generate_MatchesCommittedSchema()
    {
        var path = System.IO.Path.Combine(RepositoryRoot.Path, InfraJsonSchema.RelativePath);
        var generated = InfraJsonSchema.Generate();
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!); // a file path always has a folder
            File.WriteAllText(path, generated);
        }

        Assert.That(File.Exists(path), Is.True, $"{InfraJsonSchema.RelativePath} is missing: run the tests with UPDATE_SCHEMA=1");
        Assert.That(File.ReadAllText(path), Is.EqualTo(generated), $"{InfraJsonSchema.RelativePath} is stale: run the tests with UPDATE_SCHEMA=1");
    }

    [Test]
    public void Generate_IsAValidSchemaWithEveryKind()
    {
        var schema = JsonNode.Parse(InfraJsonSchema.Generate())!.AsObject(); // Generate returns a JSON object
        Assert.Multiple(() =>
        {
            Assert.That(schema["$defs"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "Stack", "Network", "VirtualMachine", "Disk", "Bucket", "Resource", "KubernetesObject" }));
            Assert.DoesNotThrow(() => JsonSchema.FromText(InfraJsonSchema.Generate(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
        });
    }

    [TestCaseSource(nameof(RepositoryDocuments))]
    public void PublishedSchema_AcceptsRepositoryDocument(string relativePath)
    {
        var documents = ToJson(relativePath, File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, relativePath)));

        Assert.That(documents, Is.Not.Empty);
        foreach (var (index, json) in documents.Index())
        {
            var errors = Errors(json);
            Assert.That(errors, Is.Empty, $"{relativePath} document {index + 1}");
        }
    }

    [TestCase("unknown spec property", "apiVersion: infra.gitops/v1\nkind: Disk\nmetadata: {name: d}\nspec: {provider: libvirt, sizeGb: 1, colour: red}\n")]
    [TestCase("integer as string", "apiVersion: infra.gitops/v1\nkind: Disk\nmetadata: {name: d}\nspec: {provider: libvirt, sizeGb: \"1\"}\n")]
    [TestCase("out of range", "apiVersion: infra.gitops/v1\nkind: Disk\nmetadata: {name: d}\nspec: {provider: libvirt, sizeGb: 0}\n")]
    [TestCase("bad enum", "apiVersion: infra.gitops/v1\nkind: Bucket\nmetadata: {name: b}\nspec: {provider: libvirt}\n")]
    [TestCase("bad name", "apiVersion: infra.gitops/v1\nkind: Bucket\nmetadata: {name: B_1}\nspec: {provider: aws}\n")]
    [TestCase("unknown kind", "apiVersion: infra.gitops/v1\nkind: Disc\nmetadata: {name: d}\nspec: {}\n")]
    [TestCase("unknown api version", "apiVersion: infra.gitops/v2\nkind: Disk\nmetadata: {name: d}\nspec: {provider: libvirt, sizeGb: 1}\n")]
    [TestCase("bad type token", "apiVersion: infra.gitops/v1\nkind: Resource\nmetadata: {name: r}\nspec: {type: aws-vpc}\n")]
    [TestCase("secret with both sources", "apiVersion: infra.gitops/v1\nkind: Stack\nmetadata: {name: s}\nspec: {sources: [a], secrets: {x: {fromEnv: A, secure: B}}}\n")]
    [TestCase("kubernetes object without name", "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: a}\n")]
    public void PublishedSchema_RejectsWhatTheLoaderRejects(string what, string yaml)
    {
        var json = ToJson("a.yaml", yaml).Single();
        var diagnostics = new List<Diagnostic>();
        var root = YamlFileParser.Parse("a.yaml", yaml, diagnostics, CancellationToken.None).Single().Root;
        if (yaml.Contains("kind: Stack", StringComparison.Ordinal))
        {
            StackReader.Read("a.yaml", root, diagnostics, new PropertyPaths());
        }
        else
        {
            DocumentReader.Read("a.yaml", root, diagnostics, new PropertyPaths());
        }

        Assert.Multiple(() =>
        {
            Assert.That(diagnostics.Where(d => d.Severity == Severity.Error), Is.Not.Empty, "the loader accepts it");
            Assert.That(Errors(json), Is.Not.Empty, "the published schema accepts it");
        });
    }

    private static List<string> Errors(JsonNode json)
    {
        var element = JsonSerializer.SerializeToElement(json);
        var results = Published.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count == 0 ? ["invalid"] : errors;
    }

    /// <summary>Every document of a YAML file as JSON, through the loader's own YAML reading (YAML 1.2 core
    /// types).</summary>
    private static List<JsonNode> ToJson(string path, string yaml)
    {
        var diagnostics = new List<Diagnostic>();
        var documents = YamlFileParser.Parse(path, yaml, diagnostics, CancellationToken.None);
        Assert.That(diagnostics, Is.Empty, $"{path} is not valid YAML");
        var validator = new SchemaValidator(path, path, diagnostics, new PropertyPaths());
        return documents.Select(d => ToJson(validator.Convert(d.Root, string.Empty))!).ToList();
    }

    private static JsonNode? ToJson(PropertyValue value) => value switch
    {
        NullValue => null,
        BoolValue b => JsonValue.Create(b.Value),
        NumberValue n when n.Value == Math.Floor(n.Value) && Math.Abs(n.Value) < 1e15 => JsonValue.Create((long)n.Value),
        NumberValue n => JsonValue.Create(n.Value),
        StringValue s => JsonValue.Create(s.Value),
        ArrayValue a => new JsonArray(a.Items.Select(ToJson).ToArray()),
        ObjectValue o => new JsonObject(o.Properties.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a YAML value"),
    };
}
