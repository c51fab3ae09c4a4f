using NUnit.Framework;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderDiagnosticsTests
{
    public sealed record ExpressionCase(string Value, string Code, string MessagePart)
    {
        public override string ToString() => Value;
    }

    public static IEnumerable<ExpressionCase> BadExpressions()
    {
        yield return new("${var.replica}", DiagnosticMessages.UnknownVariableCode, "did you mean 'replicas'?");
        yield return new("${secret.tokn}", DiagnosticMessages.UnknownSecretCode, "did you mean 'token'?");
        yield return new("${wbe.ipAddress}", DiagnosticMessages.UnknownResourceCode, "unknown resource 'wbe' (did you mean 'web'?)");
        yield return new("${web.ip}", DiagnosticMessages.UnknownOutputCode, "valid outputs: id, ipAddress, ipAddresses, name");
        yield return new("${lab-net.subnets}", DiagnosticMessages.UnknownOutputCode, "valid outputs: cidr, id, name");
        yield return new("${web.ipAddresses[7]}", DiagnosticMessages.ExpressionInvalidCode, "no element");
        yield return new("x-${web.ipAddresses}", DiagnosticMessages.CannotInterpolateCode, "a list");
        yield return new("${var.x", DiagnosticMessages.ExpressionUnclosedCode, "unclosed");
        yield return new("${}", DiagnosticMessages.ExpressionEmptyCode, "empty");
        yield return new("${web.a[}", DiagnosticMessages.ExpressionInvalidCode, "invalid expression");
        yield return new("${thing.id}", DiagnosticMessages.SelfReferenceCode, "'thing' refers to itself");
    }

    [TestCaseSource(nameof(BadExpressions))]
    public void Build_BadExpression_DiagnosticAtTheString(ExpressionCase testCase)
    {
        var thing = Resource("thing", "test:index:Thing", new { nested = new { value = testCase.Value } });
        var stack = new TestStack()
            .Variable("replicas", 2)
            .EnvironmentSecret("token", "TOKEN")
            .Add(Network("lab-net", "libvirt"), VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net" }), thing);

        var error = stack.Build().SingleError(testCase.Code);

        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(thing.LocationOf("spec.properties.nested.value")));
            Assert.That(error.Location, Is.Not.EqualTo(thing.Location));
            Assert.That(error.Message, Does.Contain(testCase.MessagePart));
            Assert.That(error.Severity, Is.EqualTo(Severity.Error));
        });
    }

    [Test]
    public void Build_BadExpressionInAnArray_LocationOfTheElement()
    {
        var thing = Resource("thing", "test:index:Thing", new { items = new[] { "ok", "${nope.id}" } });

        var error = new TestStack().Add(thing).Build().SingleError(DiagnosticMessages.UnknownResourceCode);

        Assert.That(error.Location, Is.EqualTo(thing.LocationOf("spec.properties.items[1]")));
    }

    [Test]
    public void Build_MissingNetwork_DidYouMeanAtNetwork()
    {
        var vm = VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-nte" });

        var error = new TestStack().Add(Network("lab-net", "libvirt"), vm).Build().SingleError(DiagnosticMessages.MissingDocumentCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.network")));
            Assert.That(error.Message, Is.EqualTo("'spec.network' names unknown Network 'lab-nte' (did you mean 'lab-net'?)"));
        });
    }

    [Test]
    public void Build_NetworkNamingADisk_WrongDocumentKindAtNetwork()
    {
        var vm = VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "data" });

        var error = new TestStack().Add(Disk("data", "libvirt"), vm).Build().SingleError(DiagnosticMessages.WrongDocumentKindCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.network")));
            Assert.That(error.Message, Is.EqualTo("'spec.network' must name a Network, but 'data' is a Disk"));
        });
    }

    [Test]
    public void Build_MissingAndWrongKindDisks_OneDiagnosticPerEntry()
    {
        var vm = VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "net", disks = new[] { "data", "dta", "net" } });

        var result = new TestStack().Add(Network("net", "libvirt"), Disk("data", "libvirt"), vm).Build();

        Assert.Multiple(() =>
        {
            Assert.That(result.SingleError(DiagnosticMessages.MissingDocumentCode).Location, Is.EqualTo(vm.LocationOf("spec.disks[1]")));
            Assert.That(result.SingleError(DiagnosticMessages.WrongDocumentKindCode).Location, Is.EqualTo(vm.LocationOf("spec.disks[2]")));
            Assert.That(result.Diagnostics, Has.Length.EqualTo(2));
        });
    }

    [Test]
    public void Build_UnknownSubnet_ListsTheSubnets()
    {
        var vm = VirtualMachine("web", "aws", new { image = "ami-1", network = "net", subnet = "dbb" });
        var network = Network("net", "aws", new { cidr = "10.0.0.0/16", subnets = new[] { new { name = "web", cidr = "10.0.1.0/24" }, new { name = "db", cidr = "10.0.2.0/24" } } });

        var error = new TestStack().Add(network, vm).Build().SingleError(DiagnosticMessages.UnknownSubnetCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.subnet")));
            Assert.That(error.Message, Is.EqualTo("network 'net' has no subnet 'dbb' (subnets: web, db)"));
        });
    }

    [Test]
    public void Build_NetworkOnAnotherProvider_ProviderMismatch()
    {
        var vm = VirtualMachine("web", "aws", new { image = "ami-1", network = "net" });

        var error = new TestStack().Add(Network("net", "libvirt"), vm).Build().SingleError(DiagnosticMessages.CrossProviderReferenceCode);

        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.network")));
    }

    [Test]
    public void Build_DependsOnMissing_DidYouMeanAtTheEntry()
    {
        var thing = Resource("thing", "test:index:Thing", options: ResourceOptions.Default with { DependsOn = ["other", "othr"] });

        var error = new TestStack().Add(Resource("other", "test:index:Thing"), thing).Build().SingleError(DiagnosticMessages.MissingDocumentCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(thing.LocationOf("options.dependsOn[1]")));
            Assert.That(error.Message, Does.Contain("did you mean 'other'?"));
        });
    }

    [Test]
    public void Build_DependsOnItself_SelfReference()
    {
        var thing = Resource("thing", "test:index:Thing", options: ResourceOptions.Default with { DependsOn = ["thing"] });

        var error = new TestStack().Add(thing).Build().SingleError(DiagnosticMessages.SelfReferenceCode);

        Assert.That(error.Location, Is.EqualTo(thing.LocationOf("options.dependsOn[0]")));
    }

    [Test]
    public void Build_ThreeDocumentCycle_ReportedOnceAtTheFirstMemberInSortedOrder()
    {
        var c = Resource("c", "test:index:Thing", new { next = "${a.id}" });
        var a = Resource("a", "test:index:Thing", new { next = "${b.id}" });
        var b = Resource("b", "test:index:Thing", new { next = "${c.id}" });

        var result = new TestStack().Add(c, a, b, Resource("d", "test:index:Thing", new { x = "${a.id}" })).Build();
        var error = result.SingleError(DiagnosticMessages.DependencyCycleCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo("dependency cycle: a -> b -> c -> a"));
            Assert.That(error.Location, Is.EqualTo(a.LocationOf("spec.properties.next")));
            Assert.That(result.Value, Is.Null);
        });
    }

    [Test]
    public void Build_DependsOnCycleBetweenComponents_Reported()
    {
        var net = Network("net", "aws", options: ResourceOptions.Default with { DependsOn = ["logs"] });
        var logs = Bucket("logs", "aws", options: ResourceOptions.Default with { DependsOn = ["net"] });

        var error = new TestStack().Add(net, logs).Build().SingleError(DiagnosticMessages.DependencyCycleCode);

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo("dependency cycle: logs -> net -> logs"));
            Assert.That(error.Location, Is.EqualTo(logs.LocationOf("options.dependsOn[0]")));
        });
    }

    [Test]
    public void Build_TwoSeparateCycles_TwoDiagnostics()
    {
        var result = new TestStack().Add(
            Resource("a", "test:index:Thing", new { x = "${b.id}" }),
            Resource("b", "test:index:Thing", new { x = "${a.id}" }),
            Resource("m", "test:index:Thing", new { x = "${n.id}" }),
            Resource("n", "test:index:Thing", new { x = "${m.id}" })).Build();

        Assert.That(result.Diagnostics.Select(d => d.Message), Is.EqualTo(new[] { "dependency cycle: a -> b -> a", "dependency cycle: m -> n -> m" }));
    }

    [Test]
    public void Build_CountFromAnOutput_ValueMustBeKnown()
    {
        var vm = VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "net", count = "${other.count}" });

        var error = new TestStack().Add(Network("net", "libvirt"), Resource("other", "test:index:Thing"), vm).Build().SingleError(DiagnosticMessages.ValueMustBeKnownCode);

        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.count")));
    }

    [Test]
    public void Build_CountVariableNotANumber_InvalidValue()
    {
        var vm = VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "net", count = "${var.n}" });

        var error = new TestStack().Variable("n", "three").Add(Network("net", "libvirt"), vm).Build().SingleError(DiagnosticMessages.InvalidValueCode);

        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.count")));
    }

    [Test]
    public void Build_UnknownProvider_AtProvider()
    {
        var disk = Disk("data", "gcp");

        var error = new TestStack().Add(disk).Build().SingleError(DiagnosticMessages.UnknownProviderCode);

        Assert.That(error.Location, Is.EqualTo(disk.LocationOf("spec.provider")));
    }

    [Test]
    public void Build_SeveralProblems_AllCollectedSortedInOnePass()
    {
        var result = new TestStack().Add(
            Resource("b", "test:index:Thing", new { x = "${var.missing}", y = "${nope.id}" }),
            Resource("a", "bad-token"),
            Bucket("logs", "libvirt")).Build();

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.Code), Is.EquivalentTo(new[]
            {
                DiagnosticMessages.UnknownVariableCode, DiagnosticMessages.UnknownResourceCode,
                DiagnosticMessages.UnresolvableTypeTokenCode, DiagnosticMessages.KindNotSupportedCode,
            }));
            Assert.That(result.Diagnostics, Is.Ordered);
            Assert.That(result.Value, Is.Null);
        });
    }

    [Test]
    public void Build_ReferenceToAnInvalidDocument_NoCascade()
    {
        var result = new TestStack().Add(Bucket("logs", "libvirt"), Resource("thing", "test:index:Thing", new { url = "${logs.url}" })).Build();

        Assert.That(result.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticMessages.KindNotSupportedCode }));
    }

    [Test]
    public void Build_HostileValues_NoExceptionOnlyDiagnostics()
    {
        var hostile = new[] { "${", "$", "}${", "${${var.x}}", "${\"}", "${a.b[99999999999]}", new string('$', 10_000) + "{", "${a." + new string('b', 100_000) + "}" };
        var result = new TestStack().Add(Resource("thing", "test:index:Thing", new { values = hostile })).Build();

        Assert.Multiple(() =>
        {
            Assert.That(result.HasErrors, Is.True);
            Assert.That(result.Diagnostics.Select(d => d.Code), Is.All.StartWith("GO2"));
        });
    }
}
