using Infra.GitOps.Loading;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

public class ValidateCommandTests
{
    private string _repo = null!;

    [SetUp]
    public void SetUp() => _repo = CliRun.CopyExample("local-lab");

    [TearDown]
    public void TearDown() => Directory.Delete(_repo, recursive: true);

    [Test]
    [CancelAfter(60_000)]
    public async Task Validate_Example_ExitsZeroAndCountsResources()
    {
        var (code, output, error) = await CliRun.RunAsync("validate", "--repo", _repo);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), error);
            Assert.That(output, Does.Contain("stack lab: valid, 12 resources"));
            Assert.That(error, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Validate_UnknownProperty_ReportsLocationAndExitsTwo()
    {
        var path = Path.Combine(_repo, "infra", "network.yaml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("  cidr: 10.231.0.0/24", "  cidr: 10.231.0.0/24\n  cidr_blok: 1", StringComparison.Ordinal));

        var (code, _, error) = await CliRun.RunAsync("validate", "--repo", _repo);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain($"infra/network.yaml:9:3: error {DiagnosticMessages.UnknownPropertyCode}: unknown property 'cidr_blok'"));
            Assert.That(error, Does.Contain("did you mean 'cidr'?"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Validate_UnknownNetwork_ReportsLocationAndExitsTwo()
    {
        var vms = Path.Combine(_repo, "infra", "vms.yaml");
        await File.WriteAllTextAsync(vms, (await File.ReadAllTextAsync(vms)).Replace("network: lab-net\n  disks: [db-data]", "network: lab-nett\n  disks: [db-data]", StringComparison.Ordinal));

        var (code, _, error) = await CliRun.RunAsync("validate", "--repo", _repo);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain("infra/vms.yaml:42:12: error GO2").And.Contain("'lab-nett'"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    /// <summary>
    /// Adds a <c>fromEnv</c> secret whose variable is not set to the example's stack and uses it in the VMs; returns
    /// the variable and the secret's <c>path:line:col</c>.
    /// </summary>
    internal static async Task<(string Variable, string Location)> AddUnsetSecretAsync(string repository)
    {
        var variable = "IGT_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Assert.That(Environment.GetEnvironmentVariable(variable), Is.Null);
        var stack = Path.Combine(repository, "stacks", "lab.yaml");
        var text = (await File.ReadAllTextAsync(stack)).TrimEnd('\n') + $"\n  secrets:\n    consoleToken: {{ fromEnv: {variable} }}\n";
        await File.WriteAllTextAsync(stack, text);
        var vms = Path.Combine(repository, "infra", "vms.yaml");
        await File.WriteAllTextAsync(vms, (await File.ReadAllTextAsync(vms)).Replace(
            "  memoryMiB: ${var.vmMemory}\n", "  memoryMiB: ${var.vmMemory}\n  userData: \"token=${secret.consoleToken}\"\n", StringComparison.Ordinal));
        var line = text.Split('\n').ToList().FindIndex(l => l.Contains("consoleToken", StringComparison.Ordinal)) + 1;
        return (variable, $"stacks/lab.yaml:{line}:19");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Validate_UnsetSecretVariable_WarnsAtTheSecretAndExitsZero()
    {
        var (variable, location) = await AddUnsetSecretAsync(_repo);

        var (code, output, error) = await CliRun.RunAsync("validate", "--repo", _repo);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), error);
            Assert.That(output, Does.Contain("stack lab: valid, 12 resources"));
            Assert.That(error.TrimEnd(), Is.EqualTo(
                $"{location}: warning {DiagnosticMessages.SecretEnvironmentPlaceholderCode}: "
                + DiagnosticMessages.Format(DiagnosticMessages.SecretEnvironmentPlaceholder, "consoleToken", variable)));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Validate_MissingRepository_ExitsOneWithMessage()
    {
        var (code, _, error) = await CliRun.RunAsync("validate", "--repo", Path.Combine(_repo, "nope"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Failed).Or.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain("nope"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Run_UnknownOption_ExitsTwo()
    {
        var (code, _, error) = await CliRun.RunAsync("validate", "--no-such-option");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain("--no-such-option"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Graph_Json_IsDeterministicAndMasksNothingButSecrets()
    {
        var first = await CliRun.RunAsync("graph", "--repo", _repo, "--stack", "lab");
        var second = await CliRun.RunAsync("graph", "--repo", _repo, "--stack", "lab", "--format", "json");
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Error);
            Assert.That(first.Output, Is.EqualTo(second.Output));
            Assert.That(first.Output, Does.Contain("\"urn:pulumi:lab::local-lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0\""));
        });
    }

    [TestCase("mermaid", "flowchart")]
    [TestCase("dot", "digraph")]
    [CancelAfter(60_000)]
    public async Task Graph_OtherFormats_Render(string format, string expectedStart)
    {
        var (code, output, error) = await CliRun.RunAsync("graph", "--repo", _repo, "--stack", "lab", "--format", format);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), error);
            Assert.That(output.TrimStart(), Does.StartWith(expectedStart));
        });
    }
}
