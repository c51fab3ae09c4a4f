using System.Text.RegularExpressions;
using Infra.GitOps.Loading;
using Infra.GitOps.Secrets;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// <c>stack encrypt</c> and <c>secure:</c> secrets in a stack file, through the real CLI and the real file state
/// store. The passphrase comes from the process environment, so these tests set it and never run in parallel.
/// </summary>
[NonParallelizable]
public partial class StackEncryptCommandTests
{
    private const string Canary = "canary-8d1f3c0a-secure";
    private string _repo = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = CliRun.CopyExample("local-lab");
        Environment.SetEnvironmentVariable(SecretsKeySource.PassphraseVariable, "correct horse battery staple");
    }

    [TearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable(SecretsKeySource.PassphraseVariable, null);
        Directory.Delete(_repo, recursive: true);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Encrypt_ValueUsedAsSecureSecret_GraphAndPreviewDecryptItAndNeverShowIt()
    {
        var (code, output, error) = await CliRun.RunAsync("stack", "encrypt", "--repo", _repo, "--stack", "lab", Canary);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), error);
        var ciphertext = SecureValue().Match(output);
        Assert.That(ciphertext.Success, Is.True, output);
        await UseSecureSecretAsync(ciphertext.Groups[1].Value);

        var graph = await CliRun.RunAsync("graph", "--repo", _repo, "--stack", "lab", "--format", "json");
        var preview = await CliRun.RunAsync("preview", "--repo", _repo, "--stack", "lab", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Not.Contain(Canary));
            Assert.That(graph.ExitCode, Is.EqualTo(ExitCodes.Success), graph.Error);
            Assert.That(graph.Error, Does.Not.Contain(DiagnosticMessages.SecretEncryptedPlaceholderCode), "decrypted, not a placeholder");
            Assert.That(preview.ExitCode, Is.EqualTo(ExitCodes.Success), preview.Error);
            Assert.That(preview.Output, Does.Contain("[secret]"));
            Assert.That(graph.Output + graph.Error + preview.Output + preview.Error, Does.Not.Contain(Canary));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Preview_WrongPassphrase_DecryptionErrorAtTheSecretAndExitsTwo()
    {
        var (_, output, error) = await CliRun.RunAsync("stack", "encrypt", "--repo", _repo, "--stack", "lab", Canary);
        var ciphertext = SecureValue().Match(output);
        Assert.That(ciphertext.Success, Is.True, output + error);
        var location = await UseSecureSecretAsync(ciphertext.Groups[1].Value);
        Environment.SetEnvironmentVariable(SecretsKeySource.PassphraseVariable, "not the passphrase");

        var preview = await CliRun.RunAsync("preview", "--repo", _repo, "--stack", "lab");

        Assert.Multiple(() =>
        {
            Assert.That(preview.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(preview.Error, Does.Contain(
                $"{location}: error {DiagnosticMessages.SecretDecryptionFailedCode}: "
                + DiagnosticMessages.Format(DiagnosticMessages.SecretDecryptionFailed, "consoleToken")));
            Assert.That(preview.Output + preview.Error, Does.Not.Contain(Canary));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Encrypt_NoPassphrase_UsageErrorAndNoStateWritten()
    {
        Environment.SetEnvironmentVariable(SecretsKeySource.PassphraseVariable, null);

        var (code, output, error) = await CliRun.RunAsync("stack", "encrypt", "--repo", _repo, "--stack", "lab", Canary);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain(SecretsKeySource.PassphraseVariable));
            Assert.That(output + error, Does.Not.Contain(Canary));
            Assert.That(Directory.Exists(Path.Combine(_repo, ".infra")), Is.False);
        });
    }

    // Adds the secret to the lab stack, used by the web VM's user data; returns the secret's path:line:column.
    private async Task<string> UseSecureSecretAsync(string ciphertext)
    {
        var stack = Path.Combine(_repo, "stacks", "lab.yaml");
        var text = (await File.ReadAllTextAsync(stack)).TrimEnd('\n') + $"\n  secrets:\n    consoleToken: {{ secure: \"{ciphertext}\" }}\n";
        await File.WriteAllTextAsync(stack, text);
        var vms = Path.Combine(_repo, "infra", "vms.yaml");
        await File.WriteAllTextAsync(vms, (await File.ReadAllTextAsync(vms)).Replace(
            "  memoryMiB: ${var.vmMemory}\n", "  memoryMiB: ${var.vmMemory}\n  userData: \"token=${secret.consoleToken}\"\n", StringComparison.Ordinal));
        var line = text.Split('\n').ToList().FindIndex(l => l.Contains("consoleToken", StringComparison.Ordinal)) + 1;
        return $"stacks/lab.yaml:{line}:19";
    }

    [GeneratedRegex("""\{ secure: "(v1:[A-Za-z0-9+/=]+)" \}""")]
    private static partial Regex SecureValue();
}
