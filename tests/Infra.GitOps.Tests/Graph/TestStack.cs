using NUnit.Framework;
using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Tests.Graph;

/// <summary>Builds an <see cref="InfraProject"/> and a <see cref="LoadedStack"/> from documents, then the graph.</summary>
internal sealed class TestStack
{
    public const string StackFile = "stacks/dev.yaml";

    private readonly List<ResourceDocument> _documents = [];
    private readonly Dictionary<string, ObjectValue> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PropertyValue> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SecretSource> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private int _line = 10;

    public TestStack(string project = "lab", string stack = "dev")
    {
        ProjectName = project;
        StackName = stack;
        Provider("libvirt", new { uri = "qemu:///system" });
        Provider("aws", new { region = "eu-west-1" });
        Provider("azure", new { subscriptionId = "0000", location = "westeurope" });
        Provider("kubernetes", new { context = "kind-dev", @namespace = "apps" });
    }

    public string ProjectName { get; }

    public string StackName { get; }

    public TestStack Provider(string name, object? settings)
    {
        if (settings is null)
        {
            _providers.Remove(name);
        }
        else
        {
            _providers[name] = TestValues.Object(settings);
            _locations[$"spec.providers.{name}"] = NextLocation();
        }

        return this;
    }

    public TestStack Variable(string name, object? value)
    {
        _variables[name] = TestValues.From(value);
        _locations[$"spec.variables.{name}"] = NextLocation();
        return this;
    }

    public TestStack EnvironmentSecret(string name, string variable)
    {
        var location = NextLocation();
        _secrets[name] = new EnvironmentSecretSource(variable, location);
        _locations[$"spec.secrets.{name}"] = location;
        return this;
    }

    public TestStack EncryptedSecret(string name, string ciphertext)
    {
        var location = NextLocation();
        _secrets[name] = new EncryptedSecretSource(ciphertext, location);
        _locations[$"spec.secrets.{name}"] = location;
        return this;
    }

    public TestStack Add(params ResourceDocument[] documents)
    {
        _documents.AddRange(documents);
        return this;
    }

    public SourceLocation SecretLocation(string name) => _secrets[name].Location;

    public InfraProject Project => new(ProjectName, null, InfraProject.DefaultBackendUrl, SourceLocation.OfFile("Pulumi.yaml"));

    public LoadedStack Stack => new(
        new StackDefinition(
            StackName,
            ["infra/**/*.yaml"],
            _providers.ToImmutableSortedDictionary(StringComparer.Ordinal),
            _variables.ToImmutableSortedDictionary(StringComparer.Ordinal),
            _secrets.ToImmutableSortedDictionary(StringComparer.Ordinal),
            ReconcileSettings.Default,
            new SourceLocation(StackFile, 1, 1),
            _locations.ToImmutableDictionary(StringComparer.Ordinal)),
        [.. _documents]);

    public LoadResult<ResourceGraph> Build(GraphBuildOptions? options = null) =>
        GraphBuilder.Build(Project, Stack, (options ?? GraphBuildOptions.Default with { EnvironmentLookup = _ => null }) with { ParallelThreshold = 1 });

    /// <summary>Builds and asserts success; returns the graph.</summary>
    public ResourceGraph BuildGraph(GraphBuildOptions? options = null)
    {
        var result = Build(options);
        Assert.That(result.Diagnostics.Where(d => d.Severity == Severity.Error), Is.Empty, "unexpected errors");
        Assert.That(result.Value, Is.Not.Null);
        return result.Value!; // asserted just above
    }

    public string Urn(string qualifiedType, string name) => $"urn:pulumi:{StackName}::{ProjectName}::{qualifiedType}::{name}";

    private SourceLocation NextLocation() => new(StackFile, _line++, 5);
}
