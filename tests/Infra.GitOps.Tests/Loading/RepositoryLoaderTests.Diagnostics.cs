using Infra.GitOps.Loading;
using NUnit.Framework;
using M = Infra.GitOps.Loading.DiagnosticMessages;

namespace Infra.GitOps.Tests.Loading;

public partial class RepositoryLoaderTests
{
    private const string Disk = """
        apiVersion: infra.gitops/v1
        kind: Disk
        metadata:
          name: data
        spec:
          provider: libvirt

        """;

    private const string NetworkHead = """
        apiVersion: infra.gitops/v1
        kind: Network
        metadata:
          name: net
        spec:
          provider: libvirt

        """;

    private const string VmHead = """
        apiVersion: infra.gitops/v1
        kind: VirtualMachine
        metadata:
          name: web
        spec:
          provider: libvirt
          network: net

        """;

    /// <summary>A stack named ops over <c>ops/</c> that depends on <paramref name="dependsOn"/>.</summary>
    private static string OpsStack(string dependsOn) => LoaderCase.Stack
        .Replace("name: dev", "name: ops", StringComparison.Ordinal)
        .Replace("infra/**", "ops/**", StringComparison.Ordinal) + $"  reconcile:\n    dependsOn: [{dependsOn}]\n";

    private static string BillionLaughs()
    {
        var text = new System.Text.StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        return text.ToString();
    }

    private static IEnumerable<TestCaseData> MalformedInputs()
    {
        LoaderCase[] cases =
        [
            LoaderCase.Source("YamlSyntaxError_UnclosedFlowSequence", "apiVersion: infra.gitops/v1\nkind: [Disk\n", $"{M.YamlSyntaxCode}@infra/a.yaml:3:1"),
            LoaderCase.Source("TabIndentation_NamesTheColumn", "apiVersion: infra.gitops/v1\nkind: Disk\nmetadata:\n\tname: data\n", $"{M.TabIndentationCode}@infra/a.yaml:4:1"),
            LoaderCase.Source("TabIndentation_DeepInTheFile", Disk + "  sizeGb: 1\n  type:\n\t  ssd\n", $"{M.TabIndentationCode}@infra/a.yaml:9:1"),
            LoaderCase.Source("DuplicateKey_AtTheSecondKey", Disk + "  sizeGb: 1\n  sizeGb: 2\n", $"{M.DuplicateKeyCode}@infra/a.yaml:8:3"),
            LoaderCase.Source("MissingApiVersion", "kind: Disk\nmetadata:\n  name: data\nspec: {provider: libvirt, sizeGb: 1}\n", $"{M.MissingPropertyCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("MissingKind", "apiVersion: infra.gitops/v1\nmetadata:\n  name: data\n", $"{M.MissingPropertyCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("MissingMetadataName", "apiVersion: infra.gitops/v1\nkind: Disk\nmetadata: {}\n", $"{M.MissingPropertyCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("MissingAllHeaderFields_ThreeDiagnostics", "spec: {}\n", $"{M.MissingPropertyCode}@infra/a.yaml:1:1", $"{M.MissingPropertyCode}@infra/a.yaml:1:1", $"{M.MissingPropertyCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("UnknownApiVersion_V2", Disk.Replace("infra.gitops/v1", "infra.gitops/v2", StringComparison.Ordinal) + "  sizeGb: 1\n", $"{M.UnknownApiVersionCode}@infra/a.yaml:1:13"),
            LoaderCase.Source("UnknownKind", Disk.Replace("kind: Disk", "kind: Disc", StringComparison.Ordinal) + "  sizeGb: 1\n", $"{M.UnknownKindCode}@infra/a.yaml:2:7"),
            LoaderCase.Source("UnknownProperty_DidYouMean", Disk + "  sizeGB: 1\n", $"{M.UnknownPropertyCode}@infra/a.yaml:7:3", $"{M.MissingPropertyCode}@infra/a.yaml:6:3"),
            LoaderCase.Source("UnknownTopLevelProperty", Disk + "  sizeGb: 1\nstatus: {}\n", $"{M.UnknownPropertyCode}@infra/a.yaml:8:1"),
            LoaderCase.Source("WrongType_QuotedInteger", Disk + "  sizeGb: \"10\"\n", $"{M.WrongTypeCode}@infra/a.yaml:7:11"),
            LoaderCase.Source("WrongType_FloatForInteger", Disk + "  sizeGb: 1.5\n", $"{M.WrongTypeCode}@infra/a.yaml:7:11"),
            LoaderCase.Source("WrongType_MixedExpressionForInteger", Disk + "  sizeGb: \"${var.size}0\"\n", $"{M.WrongTypeCode}@infra/a.yaml:7:11"),
            LoaderCase.Source("WrongType_ListForMapping", Disk + "  sizeGb: 1\noptions: [protect]\n", $"{M.WrongTypeCode}@infra/a.yaml:8:10"),
            LoaderCase.Source("MissingRequired_SizeGb", Disk, $"{M.MissingPropertyCode}@infra/a.yaml:6:3"),
            LoaderCase.Source("InvalidEnum_DiskType", Disk + "  sizeGb: 1\n  type: fast\n", $"{M.InvalidEnumValueCode}@infra/a.yaml:8:9"),
            LoaderCase.Source("InvalidEnum_BucketOnLibvirt", "apiVersion: infra.gitops/v1\nkind: Bucket\nmetadata: {name: logs}\nspec: {provider: libvirt}\n", $"{M.InvalidEnumValueCode}@infra/a.yaml:4:18"),
            LoaderCase.Source("InvalidCidr_Malformed", NetworkHead + "  cidr: 10.0.0/24\n", $"{M.InvalidCidrCode}@infra/a.yaml:7:9"),
            LoaderCase.Source("InvalidCidr_PrefixTooLong", NetworkHead + "  cidr: 10.0.0.0/33\n", $"{M.InvalidCidrCode}@infra/a.yaml:7:9"),
            LoaderCase.Source("InvalidCidr_OctetTooLarge", NetworkHead + "  cidr: 10.0.256.0/24\n", $"{M.InvalidCidrCode}@infra/a.yaml:7:9"),
            LoaderCase.Source("InvalidCidr_HostBitsSet", NetworkHead + "  cidr: 10.0.0.1/24\n", $"{M.InvalidCidrCode}@infra/a.yaml:7:9"),
            LoaderCase.Source("OutOfRange_SizeGbZero", Disk + "  sizeGb: 0\n", $"{M.OutOfRangeCode}@infra/a.yaml:7:11"),
            LoaderCase.Source("OutOfRange_Cpus", VmHead + "  cpus: 65\n", $"{M.OutOfRangeCode}@infra/a.yaml:8:9"),
            LoaderCase.Source("OutOfRange_Port", NetworkHead + "  cidr: 10.0.0.0/24\n  firewall:\n    - {name: web, protocol: tcp, ports: [0]}\n", $"{M.OutOfRangeCode}@infra/a.yaml:9:42"),
            LoaderCase.Source("InvalidName_Uppercase", Disk.Replace("name: data", "name: Data_1", StringComparison.Ordinal) + "  sizeGb: 1\n", $"{M.InvalidNameCode}@infra/a.yaml:4:9"),
            LoaderCase.Source("InvalidName_TooLong", Disk.Replace("name: data", "name: " + new string('a', 64), StringComparison.Ordinal) + "  sizeGb: 1\n", $"{M.InvalidNameCode}@infra/a.yaml:4:9"),
            LoaderCase.Source("SubnetOutsideNetwork", NetworkHead + "  cidr: 10.0.0.0/24\n  subnets:\n    - {name: a, cidr: 10.0.1.0/25}\n", $"{M.SubnetOutsideNetworkCode}@infra/a.yaml:9:23"),
            LoaderCase.Source("SubnetsOverlap", NetworkHead + "  cidr: 10.0.0.0/24\n  subnets:\n    - {name: a, cidr: 10.0.0.0/25}\n    - {name: b, cidr: 10.0.0.64/26}\n", $"{M.SubnetsOverlapCode}@infra/a.yaml:10:23"),
            LoaderCase.Of("DuplicateDocumentName_AcrossFiles", [("infra/a.yaml", Disk + "  sizeGb: 1\n"), ("infra/b.yaml", Disk + "  sizeGb: 2\n")], $"{M.DuplicateDocumentNameCode}@infra/b.yaml:4:9"),
            LoaderCase.Of("DuplicateStackName", [("stacks/other.yaml", LoaderCase.Stack), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.DuplicateStackNameCode}@stacks/other.yaml:4:9"),
            LoaderCase.Of("StackDependsOnUnknownStack", [("stacks/dev.yaml", LoaderCase.Stack + "  reconcile:\n    dependsOn: [net]\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.UnknownStackDependencyCode}@stacks/dev.yaml:8:17"),
            LoaderCase.Of("StackDependsOnNotAList", [("stacks/dev.yaml", LoaderCase.Stack + "  reconcile:\n    dependsOn: net\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.WrongTypeCode}@stacks/dev.yaml:8:16"),
            LoaderCase.Of("StackDependsOnEmptyName", [("stacks/dev.yaml", LoaderCase.Stack + "  reconcile:\n    dependsOn: [\"\"]\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.EmptyValueCode}@stacks/dev.yaml:8:17"),
            LoaderCase.Of("PreviewOnlyNotABoolean", [("stacks/dev.yaml", LoaderCase.Stack + "  reconcile:\n    previewOnly: yes please\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.WrongTypeCode}@stacks/dev.yaml:8:18"),
            LoaderCase.Of("StackDependsOnItself", [("stacks/dev.yaml", LoaderCase.Stack + "  reconcile:\n    dependsOn: [dev]\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.UnknownStackDependencyCode}@stacks/dev.yaml:8:17"),
            LoaderCase.Of(
                "StackDependencyCycle_EachStackOnIt",
                [
                    ("stacks/dev.yaml", LoaderCase.Stack + "  reconcile:\n    dependsOn: [ops]\n"),
                    ("stacks/ops.yaml", OpsStack("dev")),
                    ("stacks/web.yaml", OpsStack("dev").Replace("name: ops", "name: web", StringComparison.Ordinal)),
                    ("infra/a.yaml", Disk + "  sizeGb: 1\n"),
                    ("ops/a.yaml", Disk + "  sizeGb: 1\n"),
                ],
                $"{M.StackDependencyCycleCode}@stacks/dev.yaml:8:17",
                $"{M.StackDependencyCycleCode}@stacks/ops.yaml:8:17"),
            LoaderCase.Of("MissingProjectFile", [("Pulumi.yaml!", string.Empty), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.MissingProjectFileCode}@Pulumi.yaml:1:1"),
            LoaderCase.Of("ProjectFileWithoutName", [("Pulumi.yaml", "runtime: yaml\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.MissingPropertyCode}@Pulumi.yaml:1:1"),
            LoaderCase.Of("StackFileWithNonStackDocument", [("stacks/dev.yaml", LoaderCase.Stack + "---\n" + Disk + "  sizeGb: 1\n")], $"{M.NonStackDocumentCode}@stacks/dev.yaml:9:7", $"{M.GlobMatchesNothingCode}@stacks/dev.yaml:6:13"),
            LoaderCase.Source("StackDocumentInSourceFile", LoaderCase.Stack, $"{M.StackInSourceFileCode}@infra/a.yaml:2:7"),
            LoaderCase.Source("AliasBomb_BillionLaughs", BillionLaughs(), $"{M.AliasExpansionCode}@infra/a.yaml:5:45"),
            LoaderCase.Source("UnknownAlias", Disk + "  sizeGb: *size\n", $"{M.UnknownAliasCode}@infra/a.yaml:7:11", $"{M.WrongTypeCode}@infra/a.yaml:7:11"),
            LoaderCase.Source("DeepNesting_100Levels", "a: " + new string('[', 100) + new string(']', 100) + "\n", $"{M.NestingTooDeepCode}@infra/a.yaml:1:67"),
            LoaderCase.Source("DocumentNotAMapping", "- a\n- b\n", $"{M.DocumentNotMappingCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("EmptyFile_Warning", string.Empty, $"{M.EmptyFileCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("CommentsOnly_Warning", "# nothing yet\n", $"{M.EmptyFileCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("EmptyDocument_Warning", "---\n---\n" + Disk + "  sizeGb: 1\n", $"{M.EmptyDocumentCode}@infra/a.yaml:1:1"),
            LoaderCase.Of("Glob_ParentSegment", [("stacks/dev.yaml", LoaderCase.Stack.Replace("infra/**/*.yaml", "../infra/*.yaml", StringComparison.Ordinal))], $"{M.InvalidGlobCode}@stacks/dev.yaml:6:13"),
            LoaderCase.Of("Glob_Absolute", [("stacks/dev.yaml", LoaderCase.Stack.Replace("infra/**/*.yaml", "/etc/*.yaml", StringComparison.Ordinal))], $"{M.InvalidGlobCode}@stacks/dev.yaml:6:13"),
            LoaderCase.Of("Glob_Backslash", [("stacks/dev.yaml", LoaderCase.Stack.Replace("infra/**/*.yaml", "infra\\\\*.yaml", StringComparison.Ordinal))], $"{M.InvalidGlobCode}@stacks/dev.yaml:6:13"),
            LoaderCase.Of("Glob_MatchesNothing", [("infra/a.txt", "x")], $"{M.GlobMatchesNothingCode}@stacks/dev.yaml:6:13"),
            LoaderCase.Source("InvalidTypeToken", "apiVersion: infra.gitops/v1\nkind: Resource\nmetadata: {name: vpc}\nspec:\n  type: aws-vpc\n", $"{M.InvalidTypeTokenCode}@infra/a.yaml:5:9"),
            LoaderCase.Source("NonScalarKey", "? [a]\n: b\n", $"{M.NonScalarKeyCode}@infra/a.yaml:1:3", $"{M.MissingPropertyCode}@infra/a.yaml:1:1", $"{M.MissingPropertyCode}@infra/a.yaml:1:1", $"{M.MissingPropertyCode}@infra/a.yaml:1:1"),
            LoaderCase.Source("InvalidPortRange_Reversed", NetworkHead + "  cidr: 10.0.0.0/24\n  firewall:\n    - {name: web, protocol: tcp, ports: [\"90-80\"]}\n", $"{M.InvalidPortCode}@infra/a.yaml:9:42"),
            LoaderCase.Source("PortsForIcmp", NetworkHead + "  cidr: 10.0.0.0/24\n  firewall:\n    - {name: ping, protocol: icmp, ports: [1]}\n", $"{M.PortsNotAllowedCode}@infra/a.yaml:9:36"),
            LoaderCase.Source("FirewallEgressWithSources", NetworkHead + "  cidr: 10.0.0.0/24\n  firewall:\n    - {name: out, direction: egress, protocol: all, sources: [10.0.0.0/8]}\n", $"{M.FirewallDirectionCode}@infra/a.yaml:9:53"),
            LoaderCase.Source("LibvirtProviderSize", VmHead + "  size: t3.micro\n", $"{M.ProviderMismatchCode}@infra/a.yaml:8:9"),
            LoaderCase.Source("LibvirtRelativeImage", VmHead + "  image: images/base.qcow2\n", $"{M.InvalidImageCode}@infra/a.yaml:8:10"),
            LoaderCase.Of("SecretWithBothSources", [("stacks/dev.yaml", LoaderCase.Stack + "  secrets:\n    db: {fromEnv: DB, secure: \"v1:abc\"}\n"), ("infra/a.yaml", Disk + "  sizeGb: 1\n")], $"{M.ExactlyOneOfCode}@stacks/dev.yaml:8:9"),
            LoaderCase.Source("ExpressionInName", Disk.Replace("name: data", "name: ${var.name}", StringComparison.Ordinal) + "  sizeGb: 1\n", $"{M.ExpressionNotAllowedCode}@infra/a.yaml:4:9"),
            LoaderCase.Source("ExpressionInProvider", Disk.Replace("provider: libvirt", "provider: ${var.provider}", StringComparison.Ordinal) + "  sizeGb: 1\n", $"{M.ExpressionNotAllowedCode}@infra/a.yaml:6:13"),
            LoaderCase.Source("EmptySize", VmHead + "  size: \"\"\n", $"{M.EmptyValueCode}@infra/a.yaml:8:9"),
            LoaderCase.Source("NullForInteger", Disk + "  sizeGb: ~\n", $"{M.WrongTypeCode}@infra/a.yaml:7:11"),
            LoaderCase.Source("SecondDocumentBroken_FirstStillChecked", Disk + "  sizeGb: 0\n---\n" + Disk.Replace("name: data", "name: data2", StringComparison.Ordinal) + "  sizeGb: [1]\n", $"{M.OutOfRangeCode}@infra/a.yaml:7:11", $"{M.WrongTypeCode}@infra/a.yaml:15:11"),
        ];
        return cases.Select(c => new TestCaseData(c).SetName(c.Name));
    }

    [TestCaseSource(nameof(MalformedInputs))]
    [CancelAfter(10_000)]
    public async Task LoadAsync_MalformedInput_ReportsExactDiagnostics(LoaderCase input, CancellationToken cancellationToken)
    {
        var tree = new InMemorySourceTree(input.Files);

        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);

        var actual = result.Diagnostics.Select(d => $"{d.Code}@{d.Location}").ToList();
        Assert.That(actual, Is.EquivalentTo(input.Expected), string.Join("\n", result.Diagnostics));
    }
}
