using Infra.GitOps.Loading;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

public class UpCommandTests
{
    private string _repo = null!;

    [SetUp]
    public void SetUp() => _repo = CliRun.CopyExample("local-lab");

    [TearDown]
    public void TearDown() => Directory.Delete(_repo, recursive: true);

    [Test]
    [CancelAfter(60_000)]
    public async Task Up_UnsetSecretVariable_ErrorAtTheSecretAndExitsTwo()
    {
        var (variable, location) = await ValidateCommandTests.AddUnsetSecretAsync(_repo);

        var (code, output, error) = await CliRun.RunAsync("up", "--repo", _repo, "--stack", "lab", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain(
                $"{location}: error {DiagnosticMessages.SecretEnvironmentVariableMissingCode}: "
                + DiagnosticMessages.Format(DiagnosticMessages.SecretEnvironmentVariableMissing, "consoleToken", variable)));
            Assert.That(output, Does.Not.Contain("create"), "nothing planned or applied");
            Assert.That(Directory.Exists(Path.Combine(_repo, ".infra")), Is.False, "no state touched");
        });
    }
}
