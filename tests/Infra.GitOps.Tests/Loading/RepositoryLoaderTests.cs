using System.Text;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using NUnit.Framework;
using M = Infra.GitOps.Loading.DiagnosticMessages;

namespace Infra.GitOps.Tests.Loading;

[TestFixture]
public partial class RepositoryLoaderTests
{
    private const string AllKindsStack = """
        apiVersion: infra.gitops/v1
        kind: Stack
        metadata:
          name: dev
        spec:
          sources: ["infra/**/*.yaml", "k8s/*.yml"]
          providers:
            libvirt: { uri: "qemu:///system" }
            aws: { region: eu-west-1 }
            custom: { endpoint: x }
          variables:
            vmMemory: 256
            tags: { env: dev }
          secrets:
            dbPassword: { fromEnv: DB_PASSWORD }
            apiToken: { secure: "v1:QUJD" }
          reconcile:
            suspend: false
            maxDeletes: 5
            refresh: true
            driftSchedule: "*/30 * * * *"
            driftRemediation: true
            revision: v1.2.0
            previewOnly: true

        """;

    private const string Network = """
        apiVersion: infra.gitops/v1
        kind: Network
        metadata: { name: lab-net }
        spec:
          provider: libvirt
          cidr: 10.10.0.0/24
          mode: isolated
          subnets:
            - { name: web, cidr: 10.10.0.0/25 }
            - { name: db, cidr: 10.10.0.128/25 }
          firewall:
            - name: allow-ssh
              direction: ingress
              protocol: tcp
              ports: [22, "8000-8080"]
              sources: [0.0.0.0/0]
              action: allow
            - name: out
              direction: egress
              protocol: all
              destinations: [10.0.0.0/8]

        """;

    private const string Machines = """
        apiVersion: infra.gitops/v1
        kind: Disk
        metadata: { name: web-data }
        spec:
          provider: libvirt
          sizeGb: 1
          type: ssd
        ---
        apiVersion: infra.gitops/v1
        kind: VirtualMachine
        metadata: { name: web, labels: { role: web } }
        spec:
          provider: libvirt
          size: small
          cpus: 1
          memoryMiB: ${var.vmMemory}
          image: builtin:tiny
          network: lab-net
          subnet: web
          disks: [web-data]
          sshKeys: ["ssh-ed25519 AAAA"]
          userData: "#cloud-config"
          count: 2
          running: true
          providerOptions: { machine: q35 }
        options:
          dependsOn: [lab-net, web-data]
          protect: true
          retainOnDelete: true
          ignoreChanges: [userData]
          replaceOnChanges: [image]
          deleteBeforeReplace: false
        ---
        apiVersion: infra.gitops/v1
        kind: Bucket
        metadata: { name: logs }
        spec:
          provider: aws
          versioning: true
          public: false
        ---
        apiVersion: infra.gitops/v1
        kind: Resource
        metadata: { name: extra-vpc }
        spec:
          type: aws:ec2/vpc:Vpc
          properties: { cidrBlock: 10.1.0.0/16, tags: { owner: "${project}-${stack}" } }

        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: app, namespace: default }
        spec: { replicas: 2 }
        options: { dependsOn: [logs] }

        """;

    private static InMemorySourceTree AllKinds() => new InMemorySourceTree()
        .Add("Pulumi.yaml", "name: lab\ndescription: The lab\nruntime: yaml\nbackend:\n  url: file://state\n")
        .Add("stacks/dev.yaml", AllKindsStack)
        .Add("infra/network.yaml", Network)
        .Add("infra/vms/machines.yaml", Machines)
        .Add("k8s/app.yml", Deployment)
        .Add("README.md", "not yaml: [");

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_EveryKind_LoadsWithoutDiagnostics(CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(AllKinds(), RepositoryLoadOptions.Default, cancellationToken);

        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var repository = result.Value!;
        var stack = repository.Stacks.Single();
        Assert.Multiple(() =>
        {
            Assert.That(repository.Project, Is.EqualTo(new InfraProject("lab", "The lab", "file://state", new SourceLocation("Pulumi.yaml", 1, 1))));
            Assert.That(repository.Revision, Is.Null);
            Assert.That(stack.Documents.Select(d => d.Name), Is.EqualTo(new[] { "lab-net", "web-data", "web", "logs", "extra-vpc", "app" }));
            Assert.That(stack.Documents.Select(d => d.Kind), Is.EqualTo(new[]
            {
                DocumentKind.Network, DocumentKind.Disk, DocumentKind.VirtualMachine, DocumentKind.Bucket, DocumentKind.Resource, DocumentKind.KubernetesObject,
            }));
            Assert.That(stack.Documents.Select(d => d.Provider.Value), Is.EqualTo(new[] { "libvirt", "libvirt", "libvirt", "aws", "aws", "kubernetes" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_StackFile_ReadsEverySetting(CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(AllKinds(), RepositoryLoadOptions.Default, cancellationToken);

        var stack = result.Value!.Stacks.Single().Definition;
        Assert.Multiple(() =>
        {
            Assert.That(stack.Name, Is.EqualTo("dev"));
            Assert.That(stack.Sources, Is.EqualTo(new[] { "infra/**/*.yaml", "k8s/*.yml" }));
            Assert.That(stack.Providers.Keys, Is.EqualTo(new[] { "aws", "custom", "libvirt" }));
            Assert.That(stack.Providers["libvirt"]["uri"], Is.EqualTo(new StringValue("qemu:///system")));
            Assert.That(stack.Variables["vmMemory"], Is.EqualTo(new NumberValue(256)));
            Assert.That(stack.Variables["tags"], Is.EqualTo(ObjectValue.Empty.With("env", new StringValue("dev"))));
            Assert.That(stack.Secrets["dbPassword"], Is.EqualTo(new EnvironmentSecretSource("DB_PASSWORD", new SourceLocation("stacks/dev.yaml", 15, 17))));
            Assert.That(stack.Secrets["apiToken"], Is.EqualTo(new EncryptedSecretSource("v1:QUJD", new SourceLocation("stacks/dev.yaml", 16, 15))));
            Assert.That(stack.Reconcile, Is.EqualTo(new ReconcileSettings
            {
                Suspend = false, MaxDeletes = 5, Refresh = true, DriftSchedule = "*/30 * * * *", DriftRemediation = true, Revision = "v1.2.0",
                PreviewOnly = true,
            }));
            Assert.That(stack.Location, Is.EqualTo(new SourceLocation("stacks/dev.yaml", 1, 1)));
            Assert.That(stack.LocationOf("spec.sources[1]"), Is.EqualTo(new SourceLocation("stacks/dev.yaml", 6, 32)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_VirtualMachine_KeepsSpecOptionsAndLocations(CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(AllKinds(), RepositoryLoadOptions.Default, cancellationToken);

        var vm = result.Value!.Stacks[0].Documents.Single(d => d.Name == "web");
        Assert.Multiple(() =>
        {
            Assert.That(vm.ApiVersion, Is.EqualTo("infra.gitops/v1"));
            Assert.That(vm.KindName, Is.EqualTo("VirtualMachine"));
            Assert.That(vm.Spec.Properties.ContainsKey("provider"), Is.False);
            Assert.That(vm.Spec["memoryMiB"], Is.EqualTo(new StringValue("${var.vmMemory}")));
            Assert.That(vm.Spec["cpus"], Is.EqualTo(new NumberValue(1)));
            Assert.That(vm.Spec["running"], Is.EqualTo(new BoolValue(true)));
            Assert.That(vm.Spec["disks"], Is.EqualTo(new ArrayValue([new StringValue("web-data")])));
            Assert.That(vm.Spec["providerOptions"], Is.EqualTo(ObjectValue.Empty.With("machine", new StringValue("q35"))));
            Assert.That(vm.Options.DependsOn, Is.EqualTo(new[] { "lab-net", "web-data" }));
            Assert.That(vm.Options.Protect, Is.True);
            Assert.That(vm.Options.RetainOnDelete, Is.True);
            Assert.That(vm.Options.IgnoreChanges, Is.EqualTo(new[] { "userData" }));
            Assert.That(vm.Options.ReplaceOnChanges, Is.EqualTo(new[] { "image" }));
            Assert.That(vm.Options.DeleteBeforeReplace, Is.False);
            Assert.That(vm.Location, Is.EqualTo(new SourceLocation("infra/vms/machines.yaml", 9, 1)));
            Assert.That(vm.LocationOf("metadata.name"), Is.EqualTo(new SourceLocation("infra/vms/machines.yaml", 11, 19)));
            Assert.That(vm.LocationOf("spec.memoryMiB"), Is.EqualTo(new SourceLocation("infra/vms/machines.yaml", 16, 14)));
            Assert.That(vm.LocationOf("options.dependsOn[1]"), Is.EqualTo(new SourceLocation("infra/vms/machines.yaml", 27, 24)));
            Assert.That(vm.LocationOf("metadata.labels.role"), Is.EqualTo(new SourceLocation("infra/vms/machines.yaml", 11, 40)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_Network_KeepsSubnetsFirewallAndLocations(CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(AllKinds(), RepositoryLoadOptions.Default, cancellationToken);

        var network = result.Value!.Stacks[0].Documents.Single(d => d.Name == "lab-net");
        var rule = (ObjectValue)((ArrayValue)network.Spec["firewall"]!).Items[0];
        Assert.Multiple(() =>
        {
            Assert.That(network.Spec["cidr"], Is.EqualTo(new StringValue("10.10.0.0/24")));
            Assert.That(rule["ports"], Is.EqualTo(new ArrayValue([new NumberValue(22), new StringValue("8000-8080")])));
            Assert.That(network.LocationOf("spec.subnets[0].cidr"), Is.EqualTo(new SourceLocation("infra/network.yaml", 9, 26)));
            Assert.That(network.LocationOf("spec.firewall[0].ports[1]"), Is.EqualTo(new SourceLocation("infra/network.yaml", 15, 19)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_ResourceAndKubernetesObject_ShapeSpecs(CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(AllKinds(), RepositoryLoadOptions.Default, cancellationToken);

        var documents = result.Value!.Stacks[0].Documents;
        var vpc = documents.Single(d => d.Name == "extra-vpc");
        var app = documents.Single(d => d.Name == "app");
        Assert.Multiple(() =>
        {
            Assert.That(vpc.Spec.Properties.Keys, Is.EqualTo(new[] { "properties", "type" }));
            Assert.That(vpc.Spec["type"], Is.EqualTo(new StringValue("aws:ec2/vpc:Vpc")));
            Assert.That(((ObjectValue)vpc.Spec["properties"]!)["tags"], Is.EqualTo(ObjectValue.Empty.With("owner", new StringValue("${project}-${stack}"))));
            Assert.That(app.ApiVersion, Is.EqualTo("apps/v1"));
            Assert.That(app.KindName, Is.EqualTo("Deployment"));
            Assert.That(app.Spec.Properties.Keys, Is.EqualTo(new[] { "apiVersion", "kind", "metadata", "spec" }));
            Assert.That(app.Options.DependsOn, Is.EqualTo(new[] { "logs" }));
            Assert.That(app.LocationOf("spec.replicas"), Is.EqualTo(new SourceLocation("k8s/app.yml", 4, 19)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_FileMatchedByTwoStacks_IsReadOnceAndReportedOnce(CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree()
            .Add("Pulumi.yaml", LoaderCase.Project)
            .Add("stacks/a.yaml", LoaderCase.Stack.Replace("name: dev", "name: b-stack", StringComparison.Ordinal))
            .Add("stacks/b.yaml", LoaderCase.Stack.Replace("name: dev", "name: a-stack", StringComparison.Ordinal))
            .Add("infra/disks.yaml", Disk + "  sizeGb: 1\n---\n" + Disk.Replace("name: data", "name: bad", StringComparison.Ordinal) + "  sizeGb: 0\n");

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(tree.Reads["infra/disks.yaml"], Is.EqualTo(1));
            Assert.That(result.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { M.OutOfRangeCode }));
            Assert.That(result.Value!.Stacks.Select(s => s.Definition.Name), Is.EqualTo(new[] { "a-stack", "b-stack" }));
            Assert.That(result.Value.Stacks.Select(s => s.Documents.Length), Is.EqualTo(new[] { 1, 1 }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_StackDependencyCycle_NamesTheCycleOnEachOfItsStacks(CancellationToken cancellationToken)
    {
        var tree = StackChain(3, closeTheCycle: true);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "stacks/s0000.yaml:8:17: error GO1046: stacks depend on each other in a cycle: s0000 -> s0002 -> s0001 -> s0000",
            "stacks/s0001.yaml:8:17: error GO1046: stacks depend on each other in a cycle: s0000 -> s0002 -> s0001 -> s0000",
            "stacks/s0002.yaml:8:17: error GO1046: stacks depend on each other in a cycle: s0000 -> s0002 -> s0001 -> s0000",
        }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task LoadAsync_ChainOf1500Stacks_LoadsAndItsCycleMessagesStayShort(CancellationToken cancellationToken)
    {
        // Hostile sizes: the checks walk the chain without recursion, and a cycle's message does not grow with it.
        var chain = await new RepositoryLoader().LoadAsync(StackChain(1500, closeTheCycle: false), RepositoryLoadOptions.Default, cancellationToken);
        var cycle = await new RepositoryLoader().LoadAsync(StackChain(1500, closeTheCycle: true), RepositoryLoadOptions.Default, cancellationToken);
        var unknown = await new RepositoryLoader().LoadAsync(
            StackChain(1500, closeTheCycle: false).Add("stacks/s0000.yaml", LoaderCase.Stack.Replace("name: dev", "name: s0000", StringComparison.Ordinal) + "  reconcile:\n    dependsOn: [gone]\n"),
            RepositoryLoadOptions.Default,
            cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(chain.Diagnostics, Is.Empty);
            Assert.That(chain.Value!.Stacks[^1].Definition.Reconcile.DependsOn, Is.EqualTo(new[] { "s1498" }));
            Assert.That(cycle.Diagnostics.Select(d => d.Code).Distinct(), Is.EqualTo(new[] { M.StackDependencyCycleCode }));
            Assert.That(cycle.Diagnostics, Has.Length.EqualTo(1500));
            Assert.That(cycle.Diagnostics.Max(d => d.Message.Length), Is.LessThan(200));
            Assert.That(cycle.Diagnostics[0].Message, Does.Contain("(1500 stacks in all)"));
            Assert.That(unknown.Diagnostics.Single().Message, Is.EqualTo(
                "stack 's0000' depends on 'gone', which is not another stack of this repository (stacks: s0000, s0001, s0002, s0003, s0004, s0005, s0006, s0007, ... (1500 stacks))"));
        });
    }

    /// <summary>
    /// Stacks s0000..sN-1 over one shared disk file, each depending on the one before it; with
    /// <paramref name="closeTheCycle"/> the first depends on the last.
    /// </summary>
    private static InMemorySourceTree StackChain(int count, bool closeTheCycle)
    {
        var tree = new InMemorySourceTree()
            .Add("Pulumi.yaml", LoaderCase.Project)
            .Add("infra/disks.yaml", Disk + "  sizeGb: 1\n");
        for (var i = 0; i < count; i++)
        {
            var name = $"s{i:D4}";
            var dependsOn = i > 0 ? $"s{i - 1:D4}" : closeTheCycle ? $"s{count - 1:D4}" : null;
            tree.Add(
                $"stacks/{name}.yaml",
                LoaderCase.Stack.Replace("name: dev", $"name: {name}", StringComparison.Ordinal) + (dependsOn is null ? string.Empty : $"  reconcile:\n    dependsOn: [{dependsOn}]\n"));
        }

        return tree;
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_StackNameFilter_LoadsOnlyThatStack(CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree()
            .Add("Pulumi.yaml", LoaderCase.Project)
            .Add("stacks/dev.yaml", LoaderCase.Stack)
            .Add("stacks/prod.yaml", LoaderCase.Stack.Replace("name: dev", "name: prod", StringComparison.Ordinal).Replace("infra/**/*.yaml", "prod/*.yaml", StringComparison.Ordinal))
            .Add("infra/a.yaml", Disk + "  sizeGb: 1\n")
            .Add("prod/a.yaml", Disk + "  sizeGb: 1\n");

        var result = await new RepositoryLoader().LoadAsync(tree, new RepositoryLoadOptions { StackName = "prod" }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Value!.Stacks.Select(s => s.Definition.Name), Is.EqualTo(new[] { "prod" }));
            Assert.That(tree.Reads.ContainsKey("infra/a.yaml"), Is.False);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_UnknownStackName_ReportsStackNotFound(CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack).Add("infra/a.yaml", Disk + "  sizeGb: 1\n");

        var result = await new RepositoryLoader().LoadAsync(tree, new RepositoryLoadOptions { StackName = "prod" }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => $"{d.Code}@{d.Location}"), Is.EqualTo(new[] { $"{M.StackNotFoundCode}@stacks:1:1" }));
            Assert.That(result.Diagnostics[0].Message, Does.Contain("'prod'").And.Contain("dev"));
            Assert.That(result.HasErrors, Is.True);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task LoadAsync_FileOverTenMebibytes_ReportsAndDoesNotRead(CancellationToken cancellationToken)
    {
        var huge = new byte[RepositoryLoader.MaxFileBytes + 1];
        huge.AsSpan().Fill((byte)'#');
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack).Add("infra/huge.yaml", huge);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => $"{d.Code}@{d.Location}"), Is.EqualTo(new[] { $"{M.FileTooLargeCode}@infra/huge.yaml:1:1" }));
            Assert.That(tree.Reads.ContainsKey("infra/huge.yaml"), Is.False);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task LoadAsync_FileGrownPastLimitAfterListing_ReportsTooLarge(CancellationToken cancellationToken)
    {
        var huge = new byte[RepositoryLoader.MaxFileBytes + 1];
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack)
            .Add("infra/huge.yaml", huge).DeclareLength("infra/huge.yaml", 10);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.That(result.Diagnostics.Select(d => $"{d.Code}@{d.Location}"), Is.EqualTo(new[] { $"{M.FileTooLargeCode}@infra/huge.yaml:1:1" }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task LoadAsync_FiveThousandDocumentsInOneFile_LoadsThemAll(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            text.Append(Disk.Replace("name: data", $"name: disk-{i}", StringComparison.Ordinal)).Append("  sizeGb: 1\n---\n");
        }

        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack).Add("infra/many.yaml", text.ToString());

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Where(d => d.Severity == Severity.Error), Is.Empty);
            Assert.That(result.Value!.Stacks[0].Documents, Has.Length.EqualTo(5000));
            Assert.That(result.Value.Stacks[0].Documents[4999].Location, Is.EqualTo(new SourceLocation("infra/many.yaml", (4999 * 8) + 1, 1)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_Utf8Bom_IsAccepted(CancellationToken cancellationToken)
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Disk + "  sizeGb: 1\n")).ToArray();
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack).Add("infra/a.yaml", bytes);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Value!.Stacks[0].Documents[0].LocationOf("spec.sizeGb"), Is.EqualTo(new SourceLocation("infra/a.yaml", 7, 11)));
        });
    }

    [TestCase(new byte[] { (byte)'a', (byte)':', (byte)' ', (byte)'b', (byte)'\n', (byte)'c', (byte)':', (byte)' ', 0xC3, 0x28, (byte)'\n' }, M.InvalidUtf8Code, "infra/a.yaml:2:4")]
    [TestCase(new byte[] { (byte)'a', (byte)':', (byte)'\n', (byte)' ', (byte)' ', 0xFF }, M.InvalidUtf8Code, "infra/a.yaml:2:3")]
    [TestCase(new byte[] { (byte)'a', (byte)':', (byte)' ', (byte)'b', (byte)'\n', (byte)'\n', (byte)'x', 0x00, (byte)'y' }, M.BinaryFileCode, "infra/a.yaml:3:2")]
    [CancelAfter(10_000)]
    public async Task LoadAsync_UndecodableBytes_ReportsAtTheByte(byte[] bytes, string code, string location, CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack).Add("infra/a.yaml", bytes);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.That(result.Diagnostics.Select(d => $"{d.Code}@{d.Location}"), Is.EqualTo(new[] { $"{code}@{location}" }));
    }

    [TestCase("../../../etc/passwd", M.SymlinkOutsideRepositoryCode)]
    [TestCase("../../etc/../../passwd", M.SymlinkOutsideRepositoryCode)]
    [TestCase("/etc/passwd", M.SymlinkOutsideRepositoryCode)]
    [TestCase("../other/b.yaml", M.SymlinkNotFollowedCode)]
    [CancelAfter(10_000)]
    public async Task LoadAsync_SymlinkMatchedByGlob_IsReportedAndNotRead(string target, string code, CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack)
            .Add("infra/a.yaml", Disk + "  sizeGb: 1\n").AddLink("infra/sub/link.yaml", target);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => $"{d.Code}@{d.Location}"), Is.EqualTo(new[] { $"{code}@infra/sub/link.yaml:1:1" }));
            Assert.That(result.Diagnostics[0].Message, Does.Contain(target).And.Contain("infra/**/*.yaml"));
            Assert.That(tree.Reads.ContainsKey("infra/sub/link.yaml"), Is.False);
            Assert.That(result.Value!.Stacks[0].Documents, Has.Length.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_Diagnostics_AreSortedAndFormattedCompilerStyle(CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack)
            .Add("infra/b.yaml", Disk + "  sizeGb: 0\n")
            .Add("infra/a.yaml", Disk.Replace("name: data", "name: other", StringComparison.Ordinal) + "  sizeGB: 1\n");

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "infra/a.yaml:6:3: error GO1005: missing required property 'spec.sizeGb' in Disk 'other'",
            "infra/a.yaml:7:3: error GO1002: unknown property 'sizeGB' in 'spec' of Disk 'other' (did you mean 'sizeGb'?)",
            "infra/b.yaml:7:11: error GO1011: 'spec.sizeGb' must be between 1 and 65536, got 0",
        }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_Messages_NameTheProblem(CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack)
            .Add("infra/a.yaml", NetworkHead + "  cidr: 10.0.0.1/24\n  mode: bridged\n---\n" + Disk + "  sizeGb: \"10\"\n");

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        Assert.That(result.Diagnostics.Select(d => d.Message), Is.EqualTo(new[]
        {
            "invalid CIDR '10.0.0.1/24' for 'spec.cidr': host bits must be zero (did you mean '10.0.0.0/24'?)",
            "invalid value 'bridged' for 'spec.mode': expected one of isolated, routed",
            "'spec.sizeGb': expected an integer, got a string",
        }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_AliasesWithinLimit_AreExpanded(CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree().Add("Pulumi.yaml", LoaderCase.Project).Add("stacks/dev.yaml", LoaderCase.Stack)
            .Add("infra/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: &d {a: \"1\"}\ncopy: *d\n");

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        var map = result.Value!.Stacks[0].Documents[0];
        Assert.That(map.Spec["copy"], Is.EqualTo(map.Spec["data"]));
    }
}
