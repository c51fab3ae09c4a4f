using NUnit.Framework;
using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderExpressionTests
{
    private const string Prefix = "urn:pulumi:dev::lab::";
    private const string Thing = Prefix + "test:index:Thing::thing";
    private static readonly Urn Domain0 = new(Prefix + "infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0");
    private static readonly Urn Domain1 = new(Prefix + "infra:index:VirtualMachine$libvirt:index/domain:Domain::web-1");

    private static GraphBuildOptions Environment(params (string Name, string Value)[] variables) =>
        GraphBuildOptions.Default with
        {
            EnvironmentLookup = name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault(),
        };

    private static TestStack WithThing(object properties) => new TestStack()
        .Add(
            Network("lab-net", "libvirt"),
            VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net", count = 2 }),
            Resource("thing", "test:index:Thing", properties));

    [Test]
    public void Build_SingleVariable_KeepsTheValueType()
    {
        var graph = new TestStack()
            .Variable("memory", 512)
            .Variable("tags", new { team = "infra" })
            .Add(Resource("thing", "test:index:Thing", new { memory = "${var.memory}", tags = "${var.tags}" }))
            .BuildGraph();
        var thing = graph.Resource(Thing);

        Assert.Multiple(() =>
        {
            Assert.That(thing.Input("memory"), Is.EqualTo(PropertyValue.Of(512)));
            Assert.That(thing.Input("tags"), Is.EqualTo(ObjectValue.Empty.With("team", PropertyValue.Of("infra"))));
        });
    }

    [Test]
    public void Build_MixedString_VariablesStackAndProjectSubstituted()
    {
        var graph = new TestStack()
            .Variable("env", "prod")
            .Variable("port", 8080)
            .Add(Resource("thing", "test:index:Thing", new { name = "${project}-${stack}-${var.env}:${var.port} $$HOME" }))
            .BuildGraph();

        Assert.That(graph.Resource(Thing).Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-prod:8080 $HOME")));
    }

    [Test]
    public void Build_VariableOverride_WinsOverTheStackDefault()
    {
        var options = GraphBuildOptions.Default with
        {
            Variables = ImmutableDictionary<string, PropertyValue>.Empty.Add("env", PropertyValue.Of("staging")),
            EnvironmentLookup = _ => null,
        };
        var graph = new TestStack().Variable("env", "prod").Add(Resource("thing", "test:index:Thing", new { env = "${var.env}" })).BuildGraph(options);

        Assert.That(graph.Resource(Thing).Input("env"), Is.EqualTo(PropertyValue.Of("staging")));
    }

    [Test]
    public void Build_EnvironmentSecret_SecretValue()
    {
        var graph = new TestStack()
            .EnvironmentSecret("db", "DB_PASSWORD")
            .Add(Resource("thing", "test:index:Thing", new { password = "${secret.db}", dsn = "user:${secret.db}@db" }))
            .BuildGraph(Environment(("DB_PASSWORD", "hunter2")));
        var thing = graph.Resource(Thing);

        Assert.Multiple(() =>
        {
            Assert.That(thing.Input("password"), Is.EqualTo(new SecretValue(PropertyValue.Of("hunter2"))));
            Assert.That(thing.Input("dsn"), Is.EqualTo(new SecretValue(PropertyValue.Of("user:hunter2@db"))));
        });
    }

    [Test]
    public void Build_SecretAndReferenceInOneString_SecretInterpolation()
    {
        var graph = WithThing(new { url = "http://${web.ipAddress}/?token=${secret.token}" })
            .EnvironmentSecret("token", "TOKEN")
            .BuildGraph(Environment(("TOKEN", "abc")));

        var expected = new SecretValue(new InterpolationValue([PropertyValue.Of("http://"), new ReferenceValue(Domain0, "ipAddress"), PropertyValue.Of("/?token=abc")]));
        Assert.That(graph.Resource(Thing).Input("url"), Is.EqualTo(expected));
    }

    [Test]
    public void Build_EncryptedSecret_DecryptedThroughTheDecrypter()
    {
        var options = GraphBuildOptions.Default with { SecretDecrypter = new TestDecrypter(), EnvironmentLookup = _ => null };
        var graph = new TestStack()
            .EncryptedSecret("token", TestDecrypter.Encrypt("s3cr3t"))
            .Add(Resource("thing", "test:index:Thing", new { token = "${secret.token}" }))
            .BuildGraph(options);

        Assert.That(graph.Resource(Thing).Input("token"), Is.EqualTo(new SecretValue(PropertyValue.Of("s3cr3t"))));
    }

    [Test]
    public void Build_MixedReference_InterpolationOfTextAndReference()
    {
        var graph = WithThing(new { url = "http://${web.ipAddress}:8080" }).BuildGraph();

        var expected = new InterpolationValue([PropertyValue.Of("http://"), new ReferenceValue(Domain0, "ipAddress"), PropertyValue.Of(":8080")]);
        Assert.That(graph.Resource(Thing).Input("url"), Is.EqualTo(expected));
    }

    [Test]
    public void Build_ComponentOutputs_MapToTheProducingResources()
    {
        var graph = WithThing(new { all = "${web.ipAddresses}", second = "${web.ipAddresses[1]}", id = "${web.id}", cidr = "${lab-net.cidr}", net = "${lab-net.name}" }).BuildGraph();
        var thing = graph.Resource(Thing);

        Assert.Multiple(() =>
        {
            Assert.That(thing.Input("all"), Is.EqualTo(new ArrayValue([new ReferenceValue(Domain0, "ipAddress"), new ReferenceValue(Domain1, "ipAddress")])));
            Assert.That(thing.Input("second"), Is.EqualTo(new ReferenceValue(Domain1, "ipAddress")));
            Assert.That(thing.Input("id"), Is.EqualTo(new ReferenceValue(Domain0, "id")));
            Assert.That(thing.Input("cidr"), Is.EqualTo(PropertyValue.Of("10.10.0.0/24")));
            Assert.That(thing.Input("net"), Is.EqualTo(new ReferenceValue(new Urn(Prefix + "infra:index:Network$libvirt:index/network:Network::lab-net"), "name")));
        });
    }

    [Test]
    public void Build_AwsBucketUrl_InterpolationOfTheDomainName()
    {
        var graph = new TestStack().Add(Bucket("logs", "aws"), Resource("thing", "test:index:Thing", new { url = "${logs.url}" })).BuildGraph();
        var bucket = new Urn(Prefix + "infra:index:Bucket$aws:s3/bucket:Bucket::logs");

        Assert.That(graph.Resource(Thing).Input("url"), Is.EqualTo(new InterpolationValue([PropertyValue.Of("https://"), new ReferenceValue(bucket, "bucketRegionalDomainName")])));
    }

    [Test]
    public void Build_ReferenceToComponent_DependsOnAllItsCustomResources()
    {
        var graph = new TestStack()
            .Add(
                Network("net", "aws", new { cidr = "10.0.0.0/16", subnets = new[] { new { name = "a", cidr = "10.0.1.0/24" } } }),
                Resource("thing", "test:index:Thing", new { vpc = "${net.id}" }))
            .BuildGraph();
        var thing = graph.Resource(Thing);
        var children = graph.Resources.Where(r => r.Custom && r.Parent?.Value == Prefix + "infra:index:Network::net").Select(r => r.Urn).Order().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(children, Has.Count.EqualTo(3));
            Assert.That(thing.Dependencies, Is.EqualTo(children));
            Assert.That(thing.PropertyDependencies["vpc"].Select(u => u.Value), Is.EqualTo(new[] { Prefix + "infra:index:Network$aws:ec2/vpc:Vpc::net" }));
        });
    }

    [Test]
    public void Build_DependsOnComponent_DependsOnAllItsCustomResources()
    {
        var options = ResourceOptions.Default with { DependsOn = ["web"] };
        var graph = new TestStack()
            .Add(
                Network("lab-net", "libvirt"),
                VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net", count = 2 }),
                Resource("thing", "test:index:Thing", new { a = 1 }, options))
            .BuildGraph();
        var thing = graph.Resource(Thing);

        Assert.Multiple(() =>
        {
            Assert.That(thing.Dependencies, Is.EqualTo(new[] { Domain0, Domain1 }));
            Assert.That(thing.PropertyDependencies, Is.Empty);
            Assert.That(graph.IndexOf(Domain1.Value), Is.LessThan(graph.IndexOf(Thing)));
        });
    }

    [Test]
    public void Build_KubernetesObjectWithExpressions_Resolved()
    {
        var graph = new TestStack()
            .Variable("replicas", 3)
            .Add(Kubernetes("apps/v1", "Deployment", "app", new { spec = new { replicas = "${var.replicas}", template = new { metadata = new { labels = new { stack = "${stack}" } } } } }))
            .BuildGraph();
        var spec = (ObjectValue)graph.Resource(Prefix + "kubernetes:apps/v1:Deployment::app").Input("spec")!;

        Assert.Multiple(() =>
        {
            Assert.That(spec["replicas"], Is.EqualTo(PropertyValue.Of(3)));
            Assert.That(spec.ToString(), Does.Contain("stack: dev"));
        });
    }

    [Test]
    public void Build_MissingEnvironmentVariable_ReportedOnceAtTheSecret()
    {
        var stack = new TestStack()
            .EnvironmentSecret("db", "DB_PASSWORD")
            .Add(Resource("thing", "test:index:Thing", new { a = "${secret.db}", b = "x${secret.db}" }));

        var error = stack.Build().SingleError(DiagnosticMessages.SecretEnvironmentVariableMissingCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(stack.SecretLocation("db")));
            Assert.That(error.Message, Does.Contain("DB_PASSWORD"));
        });
    }

    [Test]
    public void Build_EncryptedSecretWithoutPassphrase_PassphraseRequiredAtTheSecret()
    {
        var stack = new TestStack().EncryptedSecret("token", TestDecrypter.Encrypt("x")).Add(Resource("thing", "test:index:Thing", new { t = "${secret.token}" }));

        var error = stack.Build().SingleError(DiagnosticMessages.SecretPassphraseRequiredCode);

        Assert.That(error.Location, Is.EqualTo(stack.SecretLocation("token")));
    }

    [Test]
    public void Build_UndecryptableSecret_DecryptionFailedAtTheSecret()
    {
        var stack = new TestStack().EncryptedSecret("token", "v2:garbage").Add(Resource("thing", "test:index:Thing", new { t = "${secret.token}" }));
        var options = GraphBuildOptions.Default with { SecretDecrypter = new TestDecrypter() };

        var error = stack.Build(options).SingleError(DiagnosticMessages.SecretDecryptionFailedCode);

        Assert.That(error.Location, Is.EqualTo(stack.SecretLocation("token")));
    }

    [Test]
    public void Build_UnusedSecret_NotRead()
    {
        var looked = new List<string>();
        var options = GraphBuildOptions.Default with { EnvironmentLookup = name => { looked.Add(name); return null; } };

        var result = new TestStack().EnvironmentSecret("db", "DB_PASSWORD").Add(Resource("thing", "test:index:Thing", new { a = 1 })).Build(options);

        Assert.Multiple(() =>
        {
            Assert.That(result.HasErrors, Is.False);
            Assert.That(looked, Is.Empty);
        });
    }

    private static readonly GraphBuildOptions Placeholders =
        GraphBuildOptions.Default with { SecretResolution = SecretResolution.Placeholder, EnvironmentLookup = _ => null };

    [Test]
    public void Build_MissingEnvironmentVariableInPlaceholderMode_PlaceholderAndOneWarningAtTheSecret()
    {
        var stack = new TestStack()
            .EnvironmentSecret("db", "DB_PASSWORD")
            .Add(Resource("thing", "test:index:Thing", new { password = "${secret.db}", dsn = "user:${secret.db}@db" }));

        var result = stack.Build(Placeholders);

        Assert.That(result.Value, Is.Not.Null, () => string.Join("\n", result.Diagnostics));
        var thing = result.Value!.Resource(Thing); // asserted just above
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Has.Length.EqualTo(1));
            Assert.That(result.Diagnostics[0].Severity, Is.EqualTo(Severity.Warning));
            Assert.That(result.Diagnostics[0].Code, Is.EqualTo(DiagnosticMessages.SecretEnvironmentPlaceholderCode));
            Assert.That(result.Diagnostics[0].Location, Is.EqualTo(stack.SecretLocation("db")));
            Assert.That(result.Diagnostics[0].Message, Does.Contain("'DB_PASSWORD'"));
            Assert.That(thing.Input("password"), Is.SameAs(SecretValue.Placeholder));
            Assert.That(thing.Input("dsn"), Is.SameAs(SecretValue.Placeholder));
            Assert.That(thing.Input("password")!.ToString(), Is.EqualTo(SecretValue.Mask));
        });
    }

    [Test]
    public void Build_SetEnvironmentVariableInPlaceholderMode_TheRealSecretAndNoWarning()
    {
        var options = Placeholders with { EnvironmentLookup = name => name == "DB_PASSWORD" ? "hunter2" : null };

        var result = new TestStack()
            .EnvironmentSecret("db", "DB_PASSWORD")
            .Add(Resource("thing", "test:index:Thing", new { password = "${secret.db}" }))
            .Build(options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Value!.Resource(Thing).Input("password"), Is.EqualTo(new SecretValue(PropertyValue.Of("hunter2"))));
        });
    }

    [Test]
    public void Build_EncryptedSecretWithoutPassphraseInPlaceholderMode_PlaceholderAndWarningAtTheSecret()
    {
        var stack = new TestStack().EncryptedSecret("token", TestDecrypter.Encrypt("x")).Add(Resource("thing", "test:index:Thing", new { t = "${secret.token}" }));

        var result = stack.Build(Placeholders);

        Assert.Multiple(() =>
        {
            Assert.That(result.HasErrors, Is.False);
            Assert.That(result.Diagnostics.Select(d => (d.Severity, d.Code, d.Location)), Is.EqualTo(new[]
            {
                (Severity.Warning, DiagnosticMessages.SecretEncryptedPlaceholderCode, stack.SecretLocation("token")),
            }));
            Assert.That(result.Value?.Resource(Thing).Input("t"), Is.SameAs(SecretValue.Placeholder));
        });
    }

    [Test]
    public void Build_UndecryptableSecretInPlaceholderMode_StillAnError()
    {
        var stack = new TestStack().EncryptedSecret("token", "v2:garbage").Add(Resource("thing", "test:index:Thing", new { t = "${secret.token}" }));

        var error = stack.Build(Placeholders with { SecretDecrypter = new TestDecrypter() }).SingleError(DiagnosticMessages.SecretDecryptionFailedCode);

        Assert.That(error.Location, Is.EqualTo(stack.SecretLocation("token")));
    }

    [Test]
    public void Build_PlaceholderSecretAndReferenceInOneString_SecretPlaceholder()
    {
        var graph = WithThing(new { url = "http://${web.ipAddress}/?token=${secret.token}" })
            .EnvironmentSecret("token", "TOKEN")
            .BuildGraph(Placeholders);

        Assert.That(graph.Resource(Thing).Input("url"), Is.SameAs(SecretValue.Placeholder));
    }
}
