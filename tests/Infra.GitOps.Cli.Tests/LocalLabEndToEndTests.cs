using System.Diagnostics;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// The README's main job, for real: the local-lab example reconciled onto the local libvirt daemon through the
/// CLI (up, up again with no change, one VM's memory changed, destroy). Everything it creates carries a unique
/// project name, and TearDown removes it all, also when a step fails.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class LocalLabEndToEndTests
{
    private string _repo = null!;
    private string _project = null!;

    [OneTimeSetUp]
    public void SetUpHost()
    {
        var (code, output) = Run(Path.Combine(CliRun.RepositoryRoot(), "scripts", "setup-libvirt"));
        Assert.That(code, Is.Zero, $"scripts/setup-libvirt failed:\n{output}");
    }

    [SetUp]
    public void SetUp()
    {
        (_repo, _project) = CliRun.CopyLocalLabAsUniqueProject();
    }

    [TearDown]
    public async Task TearDown()
    {
        await CliRun.RunAsync("destroy", "--repo", _repo, "--stack", "lab", "--yes");
        foreach (var domain in Virsh("list --all --name").Split('\n').Where(d => d.StartsWith(_project, StringComparison.Ordinal)))
        {
            Virsh($"destroy {domain}");
            Virsh($"undefine {domain}");
        }

        foreach (var network in Virsh("net-list --all --name").Split('\n').Where(n => n.StartsWith(_project, StringComparison.Ordinal)))
        {
            Virsh($"net-destroy {network}");
            Virsh($"net-undefine {network}");
        }

        Directory.Delete(_repo, recursive: true);
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task UpThenUpThenChangeMemoryThenDestroy_ConvergesEachTime()
    {
        var first = await CliRun.RunAsync("up", "--repo", _repo, "--stack", "lab", "--yes");
        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Output + first.Error);
        Assert.Multiple(() =>
        {
            Assert.That(Virsh($"domstate {_project}-lab-web-0").Trim(), Is.EqualTo("running"));
            Assert.That(Virsh($"domstate {_project}-lab-db-0").Trim(), Is.EqualTo("running"));
            Assert.That(Virsh($"net-info {_project}-lab-lab-net"), Does.Contain("Active:").And.Contain("yes"));
        });

        var again = await CliRun.RunAsync("up", "--repo", _repo, "--stack", "lab", "--yes");
        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.Success), again.Output + again.Error);
            Assert.That(again.Output, Does.Contain("Resources: no changes (12 unchanged)"));
        });

        var vms = Path.Combine(_repo, "infra", "vms.yaml");
        var text = await File.ReadAllTextAsync(vms);
        var dbAt = text.IndexOf("name: db\n", StringComparison.Ordinal);
        text = text[..dbAt] + text[dbAt..].Replace("memoryMiB: ${var.vmMemory}", "memoryMiB: 160", StringComparison.Ordinal);
        await File.WriteAllTextAsync(vms, text);

        var changed = await CliRun.RunAsync("up", "--repo", _repo, "--stack", "lab", "--yes");
        Assert.Multiple(() =>
        {
            Assert.That(changed.ExitCode, Is.EqualTo(ExitCodes.Success), changed.Output + changed.Error);
            Assert.That(changed.Output, Does.Contain("~  libvirt:index/domain:Domain db-0"));
            Assert.That(changed.Output, Does.Not.Contain("libvirt:index/domain:Domain web-0"));
            Assert.That(Virsh($"dominfo {_project}-lab-db-0"), Does.Contain($"{160 * 1024} KiB"));
        });

        var destroyed = await CliRun.RunAsync("destroy", "--repo", _repo, "--stack", "lab", "--yes");
        Assert.Multiple(() =>
        {
            Assert.That(destroyed.ExitCode, Is.EqualTo(ExitCodes.Success), destroyed.Output + destroyed.Error);
            Assert.That(Virsh("list --all --name"), Does.Not.Contain(_project));
            Assert.That(Virsh("net-list --all --name"), Does.Not.Contain(_project));
        });
    }

    private static string Virsh(string arguments) => Run("virsh", "-c qemu:///system " + arguments).Output;

    private static (int Code, string Output) Run(string file, string arguments = "")
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!; // Process.Start returns a process for a file that exists
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
